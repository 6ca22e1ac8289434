// A study's instances with their series, in viewing and CD order (series, then
// instance number): what the viewer manifest and the CD export both walk.
// Callers authorize the study first.
import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { instances, series } from '@/db/schema';

export function studyInstanceRows(database: DbOrTx, studyId: string) {
  return database
    .select({
      objectKey: instances.objectKey,
      metadata: instances.viewerMetadata,
      sopInstanceUid: instances.sopInstanceUid,
      sopClassUid: instances.sopClassUid,
      transferSyntaxUid: instances.transferSyntaxUid,
      instanceNumber: instances.instanceNumber,
      byteSize: instances.byteSize,
      seriesId: series.id,
      seriesInstanceUid: series.seriesInstanceUid,
      seriesNumber: series.seriesNumber,
      seriesDescription: series.description,
      modality: series.modality,
    })
    .from(instances)
    .innerJoin(series, eq(series.id, instances.seriesId))
    .where(eq(instances.studyId, studyId))
    .orderBy(asc(series.seriesNumber), asc(series.id), asc(instances.instanceNumber), asc(instances.id));
}

/**
 * The manifest's rows: each instance's viewer metadata as JSON text straight
 * from PostgreSQL, spliced into the manifest as is (parsing and re-serialising
 * hundreds of objects per manifest is wasted work). Same order as above.
 */
export function studyManifestRows(database: DbOrTx, studyId: string) {
  return database
    .select({
      objectKey: instances.objectKey,
      metadataJson: sql<string>`${instances.viewerMetadata}::text`,
      seriesId: series.id,
      seriesInstanceUid: series.seriesInstanceUid,
      seriesNumber: series.seriesNumber,
      seriesDescription: series.description,
      modality: series.modality,
    })
    .from(instances)
    .innerJoin(series, eq(series.id, instances.seriesId))
    .where(eq(instances.studyId, studyId))
    .orderBy(asc(series.seriesNumber), asc(series.id), asc(instances.instanceNumber), asc(instances.id));
}
