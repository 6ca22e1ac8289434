import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { shareLinks } from '@/db/schema';
import { buildStudyManifest } from '@/lib/studies/study-manifest';
import { refreshInstanceUrl } from '@/lib/studies/refresh-instance-url';
import { presignObjectGet } from '@/lib/storage/presign-get';
import { bucket } from '@/lib/storage/s3-client';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { AppError } from '@/lib/errors';
import type { StaffActor } from '@/lib/auth/actors';
import { createFacility, createStaff } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';
import { openLinkAsRecipient } from '../../support/open-link';
import { auditRowsFor } from '../../support/audit-rows';

const ctx = { clientIp: '127.0.0.1', userAgent: 'node-test' };
const isNotFound = (err: unknown) => err instanceof AppError && err.status === 404;
const sha256 = (b: ArrayBuffer) => createHash('sha256').update(Buffer.from(b)).digest('hex');

let staff: StaffActor;
let study: Awaited<ReturnType<typeof ingestSmallStudy>>;
let otherStudyId: string;

before(async () => {
  const facility = await createFacility();
  staff = await createStaff(facility.id, ['front_desk']);
  study = await ingestSmallStudy(staff);
  otherStudyId = (await ingestSmallStudy(staff)).studyId;
});
after(closeDb);

describe('[VIEWER] the manifest of a shared study', () => {
  test('lists every instance with its metadata and a presigned URL that serves its exact bytes; recorded as STUDY_VIEWED', async () => {
    const { actor, link } = await openLinkAsRecipient(staff, [study.studyId]);
    const manifest = await buildStudyManifest(actor, study.studyId, ctx);
    const instances = manifest.studies[0]!.series.flatMap((s) => s.instances);
    assert.equal(instances.length, study.files.length);
    assert.equal(manifest.studies[0]!.PatientName, 'TEST^PATIENT');
    const expected = new Set(study.files.map((f) => createHash('sha256').update(f.bytes).digest('hex')));
    for (const instance of instances) {
      assert.match(instance.url, new RegExp(`^dicomweb:http://127\\.0\\.0\\.1:\\d+/${bucket()}/instances/[0-9a-f-]{36}\\?.*X-Amz-Signature=`));
      assert.equal(instance.metadata.Rows, 64);
      const res = await fetch(instance.url.slice('dicomweb:'.length));
      assert.equal(res.status, 200);
      assert.ok(expected.has(sha256(await res.arrayBuffer())));
    }
    const viewed = (await auditRowsFor({ subjectId: study.studyId })).filter((a) => a.type === 'STUDY_VIEWED');
    assert.equal(viewed.length, 1);
    assert.equal(viewed[0]!.actorId, link.shareLinkId);
  });

  test("a link session asking for another study's manifest gets not found, recorded as study_not_in_link", async () => {
    const { actor, link } = await openLinkAsRecipient(staff, [study.studyId]);
    await assert.rejects(buildStudyManifest(actor, otherStudyId, ctx), isNotFound);
    await assert.rejects(buildStudyManifest(actor, 'not-a-uuid', ctx), isNotFound);
    const rejected = (await auditRowsFor({ subjectId: link.shareLinkId })).filter((a) => a.type === 'SHARE_LINK_REJECTED');
    assert.deepEqual(rejected.map((a) => a.reason), ['study_not_in_link', 'study_not_in_link']);
    assert.equal((await auditRowsFor({ subjectId: otherStudyId })).filter((a) => a.type === 'STUDY_VIEWED').length, 0);
  });

  test('presigned URLs never outlive the link', async () => {
    const { actor, link } = await openLinkAsRecipient(staff, [study.studyId]);
    await db().update(shareLinks).set({ expiresAt: new Date(Date.now() + 45_000) }).where(eq(shareLinks.id, link.shareLinkId));
    const shortActor = { ...actor, linkExpiresAt: new Date(Date.now() + 45_000) };
    const manifest = await buildStudyManifest(shortActor, study.studyId, ctx);
    const url = new URL(manifest.studies[0]!.series[0]!.instances[0]!.url.slice('dicomweb:'.length));
    assert.ok(Number(url.searchParams.get('X-Amz-Expires')) <= 45);
  });

  test('the S3 server refuses an expired, a tampered and an unsigned URL (403)', async () => {
    const { actor } = await openLinkAsRecipient(staff, [study.studyId]);
    const manifest = await buildStudyManifest(actor, study.studyId, ctx);
    const good = new URL(manifest.studies[0]!.series[0]!.instances[0]!.url.slice('dicomweb:'.length));
    const key = decodeURIComponent(good.pathname.slice(`/${bucket()}/`.length));

    // X-Amz-Date has whole seconds, so a URL signed late in a second lives up to a second less.
    const expiring = await presignObjectGet(key, 3);
    assert.equal((await fetch(expiring)).status, 200);
    await new Promise((r) => setTimeout(r, 4100));
    assert.equal((await fetch(expiring)).status, 403, 'an expired presigned URL is refused');

    const tampered = new URL(good);
    const sig = tampered.searchParams.get('X-Amz-Signature')!;
    tampered.searchParams.set('X-Amz-Signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
    assert.equal((await fetch(tampered)).status, 403, 'a tampered signature is refused');
    const otherKey = new URL(good);
    otherKey.pathname = otherKey.pathname.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    assert.equal((await fetch(otherKey)).status, 403, 'a signature for another key is refused');
    assert.equal((await fetch(`${good.origin}${good.pathname}`)).status, 403, 'the bucket is private');
  });

  test('a viewer open past its URLs gets a fresh URL for its own instances only', async () => {
    const { actor, sessionSecret, link } = await openLinkAsRecipient(staff, [study.studyId]);
    const manifest = await buildStudyManifest(actor, study.studyId, ctx);
    const instanceId = manifest.studies[0]!.series[0]!.instances[0]!.url.match(/instances\/([0-9a-f-]{36})\?/)![1]!;
    const fresh = await refreshInstanceUrl(actor, instanceId);
    assert.equal((await fetch(fresh)).status, 200);

    const otherManifestActor = (await openLinkAsRecipient(staff, [otherStudyId])).actor;
    const foreignId = (await buildStudyManifest(otherManifestActor, otherStudyId, ctx)).studies[0]!.series[0]!.instances[0]!.url.match(
      /instances\/([0-9a-f-]{36})\?/,
    )![1]!;
    await assert.rejects(refreshInstanceUrl(actor, foreignId), isNotFound);
    // After revocation the session itself is refused, so no URL can be refreshed.
    await db().update(shareLinks).set({ revokedAt: new Date() }).where(eq(shareLinks.id, link.shareLinkId));
    await assert.rejects(resolveLinkActor(sessionSecret, link.shareLinkId, ctx), isNotFound);
  });
});
