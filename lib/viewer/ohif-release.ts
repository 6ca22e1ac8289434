// The OHIF v3 release the portal embeds, and what of it is served.
// Bumping the version means: new integrity (from `npm view @ohif/app@X dist.integrity`),
// re-checking the rewrite expectations in rewrite-dist.ts, and a real load in
// Chromium (tests/integration/viewer) to confirm nothing else is requested.

export const OHIF_PACKAGE = '@ohif/app';
export const OHIF_VERSION = '3.13.2';
export const OHIF_INTEGRITY =
  'sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA==';
export const OHIF_TARBALL = `ohif-app-${OHIF_VERSION}.tgz`;

/** The URL prefix the viewer is served under (must match next-viewer-config.cjs). */
export const VIEWER_BASE = '/viewer';

/**
 * Parts of package/dist/ left out of public/viewer/. Watched in Chromium: an
 * ordinary CT/MR/CR study requests none of them.
 * - ort/: ONNX runtime (142 MB), only for the AI segmentation tools.
 * - dicom-microscopy-viewer/: 20 MB, only for slide microscopy (SM) studies.
 * - sw.js, init-service-worker.js: OHIF's service worker. Its bootstrap
 *   unregisters every service worker of the origin, i.e. the portal's too.
 * - _headers, _redirects, serve.json: Netlify / `serve` hosting configs.
 * - google.js, customizations/: sample configs and a URL-customization catalog
 *   page this configuration never loads.
 */
export const OMITTED_DIST_ENTRIES = [
  'ort',
  'dicom-microscopy-viewer',
  'sw.js',
  'init-service-worker.js',
  '_headers',
  '_redirects',
  'serve.json',
  'google.js',
  'customizations',
] as const;
