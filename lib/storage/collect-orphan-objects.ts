// The orphan collector (job storage.collect-orphans): deletes objects under ScanShare's
// own prefixes that no row names and that are older than the grace period. They are
// what a crash leaves behind: ingest, the quarantine and consent evidence all write
// the object first and its row after, so a process killed in between leaves an object
// with no row (and the undo in their error paths never ran).
//
// Never a referenced key, never a young one:
// - the grace period (STORAGE_ORPHAN_GRACE_SECONDS, by the object's LastModified)
//   covers an upload whose row is about to be written: every row is written just after
//   its object, never for an object written long before (a copy, as when a quarantined
//   file is accepted, is a new object with a new LastModified). On AWS S3 a multipart
//   upload's LastModified is when the upload started: the grace must exceed the
//   longest upload.
// - each page's candidates are checked against every column that names an object, in
//   one query just before they are deleted;
// - only keys of the form <prefix><uuid> are touched: anything else in the bucket
//   (audit chain heads, an operator's files) is not ScanShare's to collect.
// The deletions are audited as counts per prefix (keys are opaque, but a count is all
// anyone needs). On a bucket under Object Lock a delete leaves the locked version.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { noRequestContext, recordAudit } from '@/lib/audit/record-audit';
import { storageHygiene } from '@/lib/env';
import { deleteObject } from './objects';
import { bucket, s3 } from './s3-client';

/** Every prefix ScanShare writes objects under (object-keys.ts), each followed by a uuid. */
export const collectedPrefixes = ['instances/', 'quarantine/', 'received/', 'consent-evidence/'] as const;
type CollectedPrefix = (typeof collectedPrefixes)[number];

const uuidKey = /^[a-z-]+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type OrphanCollection = { listed: number; deleted: number; deletedByPrefix: Record<CollectedPrefix, number>; graceSeconds: number };

export type OrphanOptions = {
  graceSeconds?: number;
  /** The time objects' ages are measured against (tests move it). */
  now?: Date;
  /** Objects per listing page (S3 returns at most 1000). */
  pageSize?: number;
};

/** Which of `keys` a row names: instances (served and as-received copies), quarantine files, consent evidence, kept manifests. */
async function referencedKeys(keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const list = sql`ARRAY[${sql.join(keys.map((k) => sql`${k}`), sql`, `)}]::text[]`;
  const { rows } = await db().execute<{ key: string }>(sql`
    SELECT object_key AS key FROM instances WHERE object_key = ANY(${list})
    UNION SELECT received_object_key FROM instances WHERE received_object_key = ANY(${list})
    UNION SELECT object_key FROM quarantine_files WHERE object_key = ANY(${list})
    UNION SELECT evidence_object_key FROM consent_versions WHERE evidence_object_key = ANY(${list})
    UNION SELECT k FROM study_manifest_templates, unnest(object_keys) AS k WHERE object_keys && ${list} AND k = ANY(${list})`);
  return new Set(rows.map((r) => r.key));
}

export async function collectOrphanObjects(options: OrphanOptions = {}): Promise<OrphanCollection> {
  const graceSeconds = options.graceSeconds ?? storageHygiene().STORAGE_ORPHAN_GRACE_SECONDS;
  const cutoff = (options.now ?? new Date()).getTime() - graceSeconds * 1000;
  const result: OrphanCollection = { listed: 0, deleted: 0, deletedByPrefix: { 'instances/': 0, 'quarantine/': 0, 'received/': 0, 'consent-evidence/': 0 }, graceSeconds };
  try {
    for (const prefix of collectedPrefixes) {
      let token: string | undefined;
      do {
        const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: prefix, MaxKeys: options.pageSize ?? 1000, ContinuationToken: token }));
        const objects = page.Contents ?? [];
        result.listed += objects.length;
        const old = objects
          .filter((o) => o.Key && uuidKey.test(o.Key) && o.LastModified && o.LastModified.getTime() <= cutoff)
          .map((o) => o.Key!);
        const referenced = await referencedKeys(old);
        for (const key of old) {
          if (referenced.has(key)) continue;
          await deleteObject(key);
          result.deleted += 1;
          result.deletedByPrefix[prefix] += 1;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    }
  } finally {
    // Also when a listing or a delete failed part-way: what was deleted is on the record.
    if (result.deleted > 0) {
      await db().transaction((tx) =>
        recordAudit(tx, {
          type: 'ORPHAN_OBJECTS_DELETED',
          actor: { type: 'system' },
          context: noRequestContext,
          purposeOfUse: 'HSYSADMIN',
          details: { deleted: result.deleted, deletedByPrefix: result.deletedByPrefix, graceSeconds },
        }),
      );
    }
  }
  return result;
}
