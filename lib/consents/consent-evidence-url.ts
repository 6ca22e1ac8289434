// Staff open a consent's evidence (the form's scan, or the signature) through a
// short-lived presigned URL, minted after authorization and recorded.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { consents, consentVersions } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { recordAudit, staffAuditActor, type RequestContext } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { presignObjectGet } from '@/lib/storage/presign-get';
import { withRefusalAudit } from '@/lib/audit/record-refusal';

const uuid = z.string().uuid();
const evidenceUrlSeconds = 60;

export async function consentEvidenceUrl(actor: StaffActor, versionId: string, context: RequestContext): Promise<string> {
  return withRefusalAudit(staffAuditActor(actor), { type: 'consent_version', id: versionId }, context, () => consentEvidenceUrlUnaudited(actor, versionId, context));
}

async function consentEvidenceUrlUnaudited(actor: StaffActor, versionId: string, context: RequestContext): Promise<string> {
  if (!can(actor, 'consent:read')) throw new AppError('forbidden:consent_read');
  if (!uuid.safeParse(versionId).success) throw new AppError('not_found:consent_evidence');
  const key = await db().transaction(async (tx) => {
    const [row] = await tx
      .select({ key: consentVersions.evidenceObjectKey, consentId: consents.id, patientRef: consents.patientRef, version: consentVersions.version })
      .from(consentVersions)
      .innerJoin(consents, eq(consents.id, consentVersions.consentId))
      .where(and(eq(consentVersions.id, versionId), eq(consents.facilityId, actor.facilityId)));
    if (!row?.key) throw new AppError('not_found:consent_evidence');
    await recordAudit(tx, {
      type: 'CONSENT_EVIDENCE_VIEWED',
      actor: staffAuditActor(actor),
      context,
      subject: { type: 'consent', id: row.consentId },
      patientRef: row.patientRef,
      details: { version: row.version },
    });
    return row.key;
  });
  return presignObjectGet(key, evidenceUrlSeconds);
}
