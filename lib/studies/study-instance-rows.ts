// A study's instances with their series, in viewing and CD order (series, then
// instance number): what the viewer manifest and the CD export both walk.
// Callers authorize the study first.
import { asc, eq, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { instances, series } from '@/db/schema';

const seriesColumns = {
  objectKey: instances.objectKey,
  seriesId: series.id,
  seriesInstanceUid: series.seriesInstanceUid,
  seriesNumber: series.seriesNumber,
  seriesDescription: series.description,
  modality: series.modality,
};

/** One query shape for both: the study's instances joined to their series, in order. */
function orderedInstances<T extends SelectedFields>(database: DbOrTx, studyId: string, columns: T) {
  return database
    .select({ ...seriesColumns, ...columns })
    .from(instances)
    .innerJoin(series, eq(series.id, instances.seriesId))
    .where(eq(instances.studyId, studyId))
    .orderBy(asc(series.seriesNumber), asc(series.id), asc(instances.instanceNumber), asc(instances.id));
}

export function studyInstanceRows(database: DbOrTx, studyId: string) {
  return orderedInstances(database, studyId, {
    metadata: instances.viewerMetadata,
    sopInstanceUid: instances.sopInstanceUid,
    sopClassUid: instances.sopClassUid,
    transferSyntaxUid: instances.transferSyntaxUid,
    instanceNumber: instances.instanceNumber,
    byteSize: instances.byteSize,
  });
}

/**
 * The manifest's rows: each instance's viewer metadata as JSON text straight
 * from PostgreSQL, spliced into the manifest as is (parsing and re-serialising
 * hundreds of objects per manifest is wasted work). Same order as above.
 */
export function studyManifestRows(database: DbOrTx, studyId: string) {
  return orderedInstances(database, studyId, { metadataJson: sql<string>`${instances.viewerMetadata}::text` });
}

