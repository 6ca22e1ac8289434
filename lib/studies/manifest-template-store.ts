// Each study's manifest template kept in PostgreSQL (study_manifest_templates), so
// the first manifest on a fresh link (any link, any process, after a restart)
// reads one row instead of every instance. A kept template is used only while its
// instances_version equals the study's: a trigger bumps the study's on every change
// to its instances or series (migration 0008). Callers authorize the study first;
// nothing here checks access.
import { and, eq, lte, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { studyManifestTemplates, type Study } from '@/db/schema';
import { describeFailure } from '@/lib/logging/describe-failure';
import { manifestTemplateFromRows, type ManifestTemplate } from './manifest-template';
import { studyManifestRows } from './study-instance-rows';

const templateColumns = {
  instanceCount: studyManifestTemplates.instanceCount,
  modalities: studyManifestTemplates.modalities,
  seriesJson: studyManifestTemplates.seriesJson,
  objectKeys: studyManifestTemplates.objectKeys,
};

/**
 * The study's template: the kept one when it was built for the study's current
 * instances_version (as read while authorizing), else one built from the instance
 * rows now and kept for the next link.
 */
export async function studyManifestTemplate(study: Study): Promise<ManifestTemplate> {
  const [kept] = await db()
    .select(templateColumns)
    .from(studyManifestTemplates)
    .where(and(eq(studyManifestTemplates.studyId, study.id), eq(studyManifestTemplates.instancesVersion, study.instancesVersion)));
  return kept ?? rebuildStudyManifestTemplate(study);
}

/** Builds the study's template from its instance rows and keeps it; a failure to keep it only costs the next link a rebuild. */
export async function rebuildStudyManifestTemplate(study: Study): Promise<ManifestTemplate> {
  const template = manifestTemplateFromRows(await studyManifestRows(db(), study.id));
  try {
    await keepTemplate(study, template);
  } catch (err) {
    // The study id and what failed only: the template itself (patient data) stays out of the log.
    console.error(`[manifest] could not keep the template of study ${study.id}: ${describeFailure(err)}`);
  }
  return template;
}

/**
 * Tagged with the version read while authorizing. The rows were read after it, so
 * they are that version or newer, never older: a template can be newer than its tag
 * (its next reader at the newer version rebuilds once more, harmless) but never
 * staler. A slower builder holding an older version never overwrites a newer one.
 */
async function keepTemplate(study: Study, template: ManifestTemplate): Promise<void> {
  const row = { studyId: study.id, instancesVersion: study.instancesVersion, ...template };
  await db()
    .insert(studyManifestTemplates)
    .values(row)
    .onConflictDoUpdate({
      target: studyManifestTemplates.studyId,
      set: {
        instancesVersion: sql`excluded.instances_version`,
        instanceCount: sql`excluded.instance_count`,
        modalities: sql`excluded.modalities`,
        seriesJson: sql`excluded.series_json`,
        objectKeys: sql`excluded.object_keys`,
        builtAt: sql`now()`,
      },
      setWhere: lte(studyManifestTemplates.instancesVersion, sql`excluded.instances_version`),
    });
}
