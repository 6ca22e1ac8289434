// Per-study summary columns shared by the study lists (staff, link recipient,
// inbox): the distinct modalities and the number of images, as subqueries.
import { sql } from 'drizzle-orm';
import { instances, series, studies } from '@/db/schema';

export const studyModalities = sql<string[]>`coalesce((select array_agg(distinct ${series.modality}) from ${series} where ${series.studyId} = ${studies.id}), '{}')`;
export const studyImageCount = sql<number>`(select count(*)::int from ${instances} where ${instances.studyId} = ${studies.id})`;
export const studyTotalBytes = sql<number>`(select coalesce(sum(${instances.byteSize}), 0)::float8 from ${instances} where ${instances.studyId} = ${studies.id})`;
