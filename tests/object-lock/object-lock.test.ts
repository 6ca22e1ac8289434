// ScanShare on a bucket under S3 Object Lock (Ceph radosgw, COMPLIANCE retention):
// run by `npm test` under `with-services.ts --object-lock`, beside the ordinary
// ingest, export and quarantine suites, which run unchanged on the same bucket.
// Here: the portal's own check of the bucket, and what a delete does there — the
// object stops being served, its locked version stays, and no credential the
// portal holds can remove that version before retention ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteObjectCommand, GetObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { bucket, s3 } from '@/lib/storage/s3-client';
import { assertObjectLockIfRequired, objectLockProblems, readObjectLockState } from '@/lib/storage/object-lock';
import { deleteObject, putObjectBytes } from '@/lib/storage/objects';
import { readObject } from '../support/s3-objects';
import { randomUUID } from 'node:crypto';

test('[STORAGE] the test bucket is under Object Lock and the start-up check accepts it', async () => {
  const state = await readObjectLockState();
  assert.deepEqual({ enabled: state.enabled, versioning: state.versioning, mode: state.mode }, { enabled: true, versioning: 'Enabled', mode: 'COMPLIANCE' });
  assert.deepEqual(objectLockProblems(state), []);
  await assertObjectLockIfRequired(true);
});

test('[STORAGE] the start-up check names what an unprotected bucket lacks', () => {
  assert.deepEqual(objectLockProblems({ enabled: false, versioning: 'Suspended' }), ['Object Lock is not enabled on the bucket', 'versioning is Suspended, not Enabled']);
  assert.match(objectLockProblems({ enabled: true, versioning: 'Enabled' })[0]!, /no default retention/);
});

test('[STORAGE] deleting an object hides it, and its locked version survives any attempt to remove it', async () => {
  const key = `instances/${randomUUID()}`;
  const bytes = Buffer.from(`locked ${key}`);
  await putObjectBytes(key, bytes, 'application/dicom');
  assert.deepEqual(await readObject(key), bytes);

  await deleteObject(key); // what ScanShare does: a plain delete
  await assert.rejects(s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key })), (err: { name?: string }) => err.name === 'NoSuchKey');

  const versions = await s3().send(new ListObjectVersionsCommand({ Bucket: bucket(), Prefix: key }));
  assert.equal(versions.Versions?.length, 1);
  assert.equal(versions.DeleteMarkers?.length, 1);
  const versionId = versions.Versions![0]!.VersionId!;
  // An attacker with the portal's keys: deleting the version itself is refused, even asking to bypass governance.
  for (const bypass of [false, true]) {
    await assert.rejects(
      s3().send(new DeleteObjectCommand({ Bucket: bucket(), Key: key, VersionId: versionId, BypassGovernanceRetention: bypass })),
      (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode === 403,
    );
  }
  const kept = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key, VersionId: versionId }));
  assert.deepEqual(Buffer.from(await kept.Body!.transformToByteArray()), bytes);
  assert.equal(kept.ObjectLockMode, 'COMPLIANCE');
  assert.ok(kept.ObjectLockRetainUntilDate! > new Date());
});
