/** Where the viewer's manifest for a shared study lives (same origin, cookie-authorized). */
export function manifestPath(shareLinkId: string, studyId: string): string {
  return `/api/links/${shareLinkId}/studies/${studyId}/manifest`;
}

/** The embedded OHIF viewer opened on a manifest (OHIF's dicomjson data source). */
export function viewerPath(shareLinkId: string, studyId: string): string {
  return `/viewer/viewer/dicomjson?url=${encodeURIComponent(manifestPath(shareLinkId, studyId))}`;
}

export function downloadPath(shareLinkId: string, studyId: string): string {
  return `/api/links/${shareLinkId}/studies/${studyId}/download`;
}
