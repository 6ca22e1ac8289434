// The version of each consent in force now (its latest), with whether its scope
// covers every study of a share link. One query: it runs on every request of a
// link shared under a consent.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import type { ConsentVersion } from '@/db/schema';

export type LatestConsentVersion = ConsentVersion & { coversLinkStudies: boolean };

type Row = {
  id: string;
  consent_id: string;
  version: number;
  status: ConsentVersion['status'];
  scope: ConsentVersion['scope'];
  recipient_kind: ConsentVersion['recipientKind'];
  recipient_name: string | null;
  recipient_email: string | null;
  purpose: ConsentVersion['purpose'];
  valid_from: Date;
  valid_until: Date;
  method: ConsentVersion['method'];
  evidence_object_key: string | null;
  evidence_content_type: string | null;
  evidence_sha256: string | null;
  witness_name: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: Date;
  covers_link_studies: boolean;
};

const toVersion = (r: Row): LatestConsentVersion => ({
  id: r.id,
  consentId: r.consent_id,
  version: r.version,
  status: r.status,
  scope: r.scope,
  recipientKind: r.recipient_kind,
  recipientName: r.recipient_name,
  recipientEmail: r.recipient_email,
  purpose: r.purpose,
  validFrom: new Date(r.valid_from),
  validUntil: new Date(r.valid_until),
  method: r.method,
  evidenceObjectKey: r.evidence_object_key,
  evidenceContentType: r.evidence_content_type,
  evidenceSha256: r.evidence_sha256,
  witnessName: r.witness_name,
  note: r.note,
  recordedBy: r.recorded_by,
  recordedAt: new Date(r.recorded_at),
  coversLinkStudies: r.covers_link_studies,
});

/** The studies to cover: an existing link's, or those of a link about to be created. */
export type StudiesToCover = { shareLinkId: string } | { studyIds: readonly string[] };

/**
 * The latest version of each given consent, and whether it covers every study of the
 * share (a `selected_studies` version must list each of them).
 */
export async function latestConsentVersions(tx: DbOrTx, consentIds: readonly string[], cover: StudiesToCover): Promise<LatestConsentVersion[]> {
  if (consentIds.length === 0) return [];
  const shareStudies =
    'shareLinkId' in cover
      ? sql`SELECT ls.study_id FROM share_link_studies ls WHERE ls.share_link_id = ${cover.shareLinkId}`
      : sql`SELECT unnest(${`{${cover.studyIds.join(',')}}`}::uuid[]) AS study_id`;
  const result = await tx.execute<Row>(sql`
    SELECT DISTINCT ON (v.consent_id) v.*,
      (v.scope = 'all_studies' OR NOT EXISTS (
        SELECT 1 FROM (${shareStudies}) s
        WHERE NOT EXISTS (SELECT 1 FROM consent_version_studies cs WHERE cs.consent_version_id = v.id AND cs.study_id = s.study_id)
      )) AS covers_link_studies
    FROM consent_versions v
    WHERE v.consent_id IN (${sql.join(consentIds.map((id) => sql`${id}::uuid`), sql`, `)})
    ORDER BY v.consent_id, v.version DESC`);
  return result.rows.map(toVersion);
}

/**
 * Serialises a consent's versions against the links checked under it: a new version
 * (a change, a withdrawal) and a link's creation never interleave. The portal's role
 * may not lock consent rows (that needs UPDATE), hence an advisory lock. Callers lock
 * several consents in id order, so two transactions never wait on each other in a cycle.
 */
export async function lockConsents(tx: DbOrTx, consentIds: readonly string[]): Promise<void> {
  for (const id of [...consentIds].sort()) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`scanshare.consent:${id}`}, 0))`);
  }
}
