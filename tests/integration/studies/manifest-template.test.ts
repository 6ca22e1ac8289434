// A study's manifest body is kept in PostgreSQL (study_manifest_templates) and
// reused by the first manifest on any fresh link, for as long as the study's
// instances_version (bumped by a trigger on every change to its instances or series)
// says it is current. Each test ingests its own study, as the portal role.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, eq, sql } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { instances, patients, series, studies, studyManifestTemplates } from '@/db/schema';
import { studyManifestJson, type ViewerManifest } from '@/lib/studies/study-manifest';
import { rebuildStudyManifestTemplate } from '@/lib/studies/manifest-template-store';
import type { StaffActor } from '@/lib/auth/actors';
import { createFacility, createStaff } from '../../support/test-data';
import { ingestBytes, ingestSmallStudy, smallStudyFiles } from '../../support/generated-study';
import { openLinkAsRecipient } from '../../support/open-link';

const ctx = { clientIp: '127.0.0.1', userAgent: 'node-test' };

let staff: StaffActor;

before(async () => {
  const facility = await createFacility();
  staff = await createStaff(facility.id, ['front_desk']);
});
after(closeDb);

/** The manifest text on a fresh link (so never the per-link cache). */
async function manifestOnFreshLink(studyId: string): Promise<string> {
  const { actor } = await openLinkAsRecipient(staff, [studyId]);
  return studyManifestJson(actor, studyId, ctx);
}

/** Signatures and signing times differ from build to build; the object each URL names does not. */
const withoutSignatures = (json: string) => json.replace(/(dicomweb:[^"?]*)\?[^"]*"/g, '$1"');

const keptTemplate = async (studyId: string) =>
  (await db().select().from(studyManifestTemplates).where(eq(studyManifestTemplates.studyId, studyId)))[0];

const studyVersion = async (studyId: string) =>
  (await db().select({ v: studies.instancesVersion }).from(studies).where(eq(studies.id, studyId)))[0]!.v;

/** The manifest the study's rows call for, built here without the portal's code; URLs as their object keys. */
async function expectedFromRows(studyId: string): Promise<ViewerManifest> {
  const [study] = await db().select().from(studies).where(eq(studies.id, studyId));
  const [patient] = await db().select().from(patients).where(eq(patients.id, study!.patientRef));
  const rows = await db()
    .select({ instance: instances, series })
    .from(instances)
    .innerJoin(series, eq(series.id, instances.seriesId))
    .where(eq(instances.studyId, studyId))
    .orderBy(asc(series.seriesNumber), asc(series.id), asc(instances.instanceNumber), asc(instances.id));
  const bySeries = new Map<string, ViewerManifest['studies'][number]['series'][number]>();
  for (const { instance, series: s } of rows) {
    if (!bySeries.has(s.id)) {
      bySeries.set(s.id, { SeriesInstanceUID: s.seriesInstanceUid, SeriesNumber: s.seriesNumber, SeriesDescription: s.description, Modality: s.modality, instances: [] });
    }
    bySeries.get(s.id)!.instances.push({ metadata: instance.viewerMetadata, url: instance.objectKey });
  }
  return {
    studies: [
      {
        StudyInstanceUID: study!.studyInstanceUid,
        StudyDate: study!.studyDate?.replaceAll('-', '') ?? '',
        StudyTime: study!.studyTime ?? '',
        StudyDescription: study!.description,
        AccessionNumber: study!.accessionNumber,
        PatientName: patient!.name,
        PatientID: patient!.patientId,
        NumInstances: rows.length,
        Modalities: [...new Set(rows.map((r) => r.series.modality))].join('\\'),
        series: [...bySeries.values()],
      },
    ],
  };
}

/** The served manifest with each URL reduced to its object key, to compare with expectedFromRows. */
function withObjectKeys(json: string): ViewerManifest {
  const manifest = JSON.parse(json) as ViewerManifest;
  for (const s of manifest.studies[0]!.series) {
    for (const i of s.instances) i.url = decodeURIComponent(new URL(i.url.slice('dicomweb:'.length)).pathname.replace(/^\/scanshare\//, ''));
  }
  return manifest;
}

describe('[VIEWER] the kept manifest template', () => {
  test("the first manifest keeps the study's template; a second link's first manifest reuses it, identical to one built from the rows", async () => {
    const { studyId, files } = await ingestSmallStudy(staff);
    assert.equal(await studyVersion(studyId), files.length, 'one bump per ingested instance, none for the series upsert');
    assert.equal(await keptTemplate(studyId), undefined);

    const built = await manifestOnFreshLink(studyId); // no template yet: built from the rows
    const kept = await keptTemplate(studyId);
    assert.ok(kept);
    assert.equal(kept.instancesVersion, files.length);
    assert.equal(kept.instanceCount, files.length);
    assert.equal(kept.objectKeys.length, files.length);
    assert.equal(kept.seriesJson.split('\u0001').length, files.length + 1);

    const reused = await manifestOnFreshLink(studyId);
    assert.deepEqual((await keptTemplate(studyId))!.builtAt, kept.builtAt, 'not rebuilt');
    assert.equal(withoutSignatures(reused), withoutSignatures(built), 'byte for byte the same, with and without a kept template');
    assert.deepEqual(withObjectKeys(reused), await expectedFromRows(studyId));
  });

  test('a fresh link is served from the kept template itself, with the study head read live', async () => {
    const { studyId } = await ingestSmallStudy(staff);
    await manifestOnFreshLink(studyId);
    const kept = (await keptTemplate(studyId))!;
    // Mark the kept body (same version), and rename the patient: the body must come from the row, the head from the patient.
    await db()
      .update(studyManifestTemplates)
      .set({ seriesJson: kept.seriesJson.replace('"SeriesDescription":"', '"SeriesDescription":"FROM TEMPLATE ') })
      .where(eq(studyManifestTemplates.studyId, studyId));
    const [study] = await db().select({ patientRef: studies.patientRef }).from(studies).where(eq(studies.id, studyId));
    await db().update(patients).set({ name: 'RENAMED^PATIENT' }).where(eq(patients.id, study!.patientRef));

    const manifest = JSON.parse(await manifestOnFreshLink(studyId)) as ViewerManifest;
    assert.match(manifest.studies[0]!.series[0]!.SeriesDescription, /^FROM TEMPLATE /);
    assert.equal(manifest.studies[0]!.PatientName, 'RENAMED^PATIENT');
  });

  test('ingesting one more instance bumps the version; the next manifest lists it and rewrites the template', async () => {
    const files = await smallStudyFiles({ slices: 4 });
    let studyId = '';
    for (const f of files.slice(0, 3)) studyId = ((await ingestBytes(staff, f.fileName, f.bytes)) as { studyId: string }).studyId;
    await manifestOnFreshLink(studyId);
    const before = (await keptTemplate(studyId))!;
    assert.equal(before.instanceCount, 3);

    const added = await ingestBytes(staff, files[3]!.fileName, files[3]!.bytes);
    assert.equal(added.status, 'stored');
    assert.equal(await studyVersion(studyId), before.instancesVersion + 1);

    const manifest = JSON.parse(await manifestOnFreshLink(studyId)) as ViewerManifest;
    assert.equal(manifest.studies[0]!.NumInstances, 4);
    assert.equal(manifest.studies[0]!.series.flatMap((s) => s.instances).length, 4);
    assert.deepEqual(withObjectKeys(JSON.stringify(manifest)), await expectedFromRows(studyId));
    const after = (await keptTemplate(studyId))!;
    assert.equal(after.instancesVersion, before.instancesVersion + 1);
    assert.equal(after.instanceCount, 4);
    assert.ok(after.builtAt > before.builtAt, 'rewritten');
  });

  test('a template kept for an older version is never used, and is replaced', async () => {
    const { studyId } = await ingestSmallStudy(staff);
    await manifestOnFreshLink(studyId);
    const version = await studyVersion(studyId);
    await db()
      .update(studyManifestTemplates)
      .set({ instancesVersion: version - 1, instanceCount: 99, seriesJson: '[\u0001]', objectKeys: ['instances/stale'] })
      .where(eq(studyManifestTemplates.studyId, studyId));

    const served = await manifestOnFreshLink(studyId);
    assert.doesNotMatch(served, /instances\/stale/);
    assert.deepEqual(withObjectKeys(served), await expectedFromRows(studyId));
    const kept = (await keptTemplate(studyId))!;
    assert.equal(kept.instancesVersion, version);
    assert.notEqual(kept.instanceCount, 99);
  });

  test('a builder that read an older version never overwrites a newer template', async () => {
    const { studyId } = await ingestSmallStudy(staff);
    await manifestOnFreshLink(studyId);
    const [study] = await db().select().from(studies).where(eq(studies.id, studyId));
    await rebuildStudyManifestTemplate({ ...study!, instancesVersion: study!.instancesVersion - 1 });
    assert.equal((await keptTemplate(studyId))!.instancesVersion, study!.instancesVersion);
  });

  test('a damaged template of the current version (slots and keys not pairing up) is rebuilt, not served', async () => {
    const { studyId } = await ingestSmallStudy(staff);
    await manifestOnFreshLink(studyId);
    const kept = (await keptTemplate(studyId))!;
    await db()
      .update(studyManifestTemplates)
      .set({ objectKeys: kept.objectKeys.slice(1) })
      .where(eq(studyManifestTemplates.studyId, studyId));

    const served = await manifestOnFreshLink(studyId);
    assert.deepEqual(withObjectKeys(served), await expectedFromRows(studyId));
    assert.deepEqual((await keptTemplate(studyId))!.objectKeys, kept.objectKeys);
  });

  test('changes to instances or series made as the portal role bump the version, and the next manifest shows them', async () => {
    const { studyId } = await ingestSmallStudy(staff);
    assert.equal((await db().execute<{ u: string }>(sql`SELECT current_user AS u`)).rows[0]!.u, 'scanshare_app');
    await manifestOnFreshLink(studyId);
    const version = await studyVersion(studyId);

    const [first] = await db().select().from(instances).where(eq(instances.studyId, studyId)).orderBy(asc(instances.instanceNumber)).limit(1);
    await db()
      .update(instances)
      .set({ viewerMetadata: { ...first!.viewerMetadata, WindowCenter: 1234 } })
      .where(eq(instances.id, first!.id));
    assert.equal(await studyVersion(studyId), version + 1);
    await db().update(series).set({ description: 'RENAMED SERIES' }).where(eq(series.id, first!.seriesId));
    assert.equal(await studyVersion(studyId), version + 2);

    const manifest = JSON.parse(await manifestOnFreshLink(studyId)) as ViewerManifest;
    assert.equal(manifest.studies[0]!.series[0]!.SeriesDescription, 'RENAMED SERIES');
    assert.ok(manifest.studies[0]!.series[0]!.instances.some((i) => i.metadata.WindowCenter === 1234));
    assert.equal((await keptTemplate(studyId))!.instancesVersion, version + 2);
  });

  test('the portal role may read, write and rewrite templates but not delete them', async () => {
    const { studyId } = await ingestSmallStudy(staff);
    await manifestOnFreshLink(studyId);
    await assert.rejects(db().delete(studyManifestTemplates).where(eq(studyManifestTemplates.studyId, studyId)), (err: unknown) => {
      const cause = (err as { cause?: { code?: string } }).cause ?? (err as { code?: string });
      assert.equal(cause.code, '42501', String(err));
      return true;
    });
    assert.ok(await keptTemplate(studyId));
  });
});
