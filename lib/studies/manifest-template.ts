// A study's viewer-manifest body without its URLs: the manifest's `"series":[…]`
// array text with one U+0001 character where each instance's URL value goes, and
// the object keys to sign for them, in the same order. Building it from the
// instance rows is the manifest's costly part; filling it is splitting once and
// signing. Kept in PostgreSQL per study by manifest-template-store.ts.
//
// Why U+0001 cannot occur otherwise: every other piece is JSON text, written by
// JSON.stringify or by PostgreSQL's jsonb output, and both escape each control
// character inside strings (as \u0001) and emit none outside them. PostgreSQL text
// accepts it (unlike NUL).

/** One instance row of the study, in viewing order (studyManifestRows). */
export type ManifestTemplateRow = {
  objectKey: string;
  seriesId: string;
  seriesInstanceUid: string;
  seriesNumber: number | null;
  seriesDescription: string;
  modality: string;
  /** The instance's viewer metadata as JSON text. */
  metadataJson: string;
};

export type ManifestTemplate = {
  instanceCount: number;
  /** The study's distinct modalities, backslash-separated (DICOM multi-value). */
  modalities: string;
  seriesJson: string;
  objectKeys: string[];
};

const urlSlot = '\u0001';

export function manifestTemplateFromRows(rows: ManifestTemplateRow[]): ManifestTemplate {
  const seriesById = new Map<string, { head: string; instances: string[]; keys: string[] }>();
  for (const r of rows) {
    let s = seriesById.get(r.seriesId);
    if (!s) {
      const head = JSON.stringify({ SeriesInstanceUID: r.seriesInstanceUid, SeriesNumber: r.seriesNumber, SeriesDescription: r.seriesDescription, Modality: r.modality });
      s = { head: head.slice(0, -1), instances: [], keys: [] };
      seriesById.set(r.seriesId, s);
    }
    s.instances.push(`{"metadata":${r.metadataJson},"url":${urlSlot}}`);
    s.keys.push(r.objectKey);
  }
  const all = [...seriesById.values()];
  return {
    instanceCount: rows.length,
    modalities: [...new Set(rows.map((r) => r.modality))].join('\\'),
    seriesJson: `[${all.map((s) => `${s.head},"instances":[${s.instances.join(',')}]}`).join(',')}]`,
    // Series by series, as the slots appear in seriesJson.
    objectKeys: all.flatMap((s) => s.keys),
  };
}

/**
 * The series array text with each slot filled by `"dicomweb:<url>"`, or null when
 * the slots and keys do not pair up (a damaged template: the caller rebuilds it).
 */
export function fillManifestTemplate(template: ManifestTemplate, urlFor: (objectKey: string) => string): string | null {
  const pieces = template.seriesJson.split(urlSlot);
  const keys = template.objectKeys;
  if (pieces.length !== keys.length + 1) return null;
  const out = new Array<string>(pieces.length * 2 - 1);
  out[0] = pieces[0]!;
  for (let i = 0; i < keys.length; i++) {
    out[2 * i + 1] = JSON.stringify(`dicomweb:${urlFor(keys[i]!)}`);
    out[2 * i + 2] = pieces[i + 1]!;
  }
  return out.join('');
}
