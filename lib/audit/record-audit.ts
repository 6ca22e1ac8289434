// Writes one audit row inside the caller's transaction, so an action and its
// record commit or roll back together: no patient data leaves without its row.
// The database chains the row as that transaction commits (audit_chain, see
// migrations/0003_audit_hash_chain.sql and 0006), which needs READ COMMITTED (the default).
import { auditEvents, type LinkRecipientKind, type SharePurpose } from '@/db/schema';
import type { DbOrTx } from '@/db/client';
import type { LinkActor, StaffActor, UploadLinkActor } from '@/lib/auth/actors';
import { auditActionOf, type AuditAction, type AuditEventType } from './audit-event-types';
import { linkHolderRole, linkPurposeOfUse, staffPurposeOfUse, uploadLinkHolderRole, type PurposeOfUse } from './purpose-of-use';

/** Who is acting, as the audit log sees it. Never a token or a secret. */
export type AuditActor =
  | { type: 'user'; userId: string; facilityId: string; roles: readonly string[] }
  | { type: 'link'; shareLinkId: string; facilityId: string; recipientKind: LinkRecipientKind; purpose: SharePurpose | null }
  /** Someone holding an upload link's session (recorded as a `link` actor with the uploader's role). */
  | { type: 'upload_link'; uploadLinkId: string; facilityId: string }
  | { type: 'anonymous' }
  | { type: 'system' };

export type AuditSubjectType =
  | 'study'
  | 'share_link'
  | 'instance'
  | 'patient'
  | 'consent'
  | 'consent_version'
  | 'user'
  | 'identity_provider'
  | 'facility'
  | 'upload_link'
  | 'quarantine_file';

/** Where the request came from. */
export type RequestContext = { clientIp: string | null; userAgent: string | null };

export const noRequestContext: RequestContext = { clientIp: null, userAgent: null };

export type AuditInput = {
  type: AuditEventType;
  actor: AuditActor;
  context: RequestContext;
  outcome?: 'success' | 'failure';
  reason?: string;
  /** The facility concerned, when the actor does not carry one (e.g. a rejected link). */
  facilityId?: string | null;
  subject?: { type: AuditSubjectType; id: string };
  /** The patient whose data this concerns (internal id). */
  patientRef?: string | null;
  /** The studies concerned (internal ids). */
  studyIds?: readonly string[];
  /** Defaults to the event type's action (audit-event-types.ts). */
  action?: AuditAction;
  /** Defaults from the actor: the link's purpose, or the kind of staff work. */
  purposeOfUse?: PurposeOfUse;
  /** Defaults from the actor: staff roles, or the link's recipient kind. */
  role?: string;
  details?: Record<string, unknown>;
};

export function staffAuditActor(actor: Pick<StaffActor, 'userId' | 'facilityId' | 'roles'>): AuditActor {
  return { type: 'user', userId: actor.userId, facilityId: actor.facilityId, roles: actor.roles };
}

export function linkAuditActor(link: { shareLinkId: string; facilityId: string; recipientKind: LinkRecipientKind; purpose: SharePurpose | null }): AuditActor {
  return { type: 'link', shareLinkId: link.shareLinkId, facilityId: link.facilityId, recipientKind: link.recipientKind, purpose: link.purpose };
}

export function uploadLinkAuditActor(link: Pick<UploadLinkActor, 'uploadLinkId' | 'facilityId'>): AuditActor {
  return { type: 'upload_link', uploadLinkId: link.uploadLinkId, facilityId: link.facilityId };
}

/** The audit actor of whoever is acting in a domain function. */
export function auditActorOf(actor: StaffActor | LinkActor): AuditActor {
  return actor.kind === 'staff' ? staffAuditActor(actor) : linkAuditActor(actor);
}

function defaultRole(actor: AuditActor): string | null {
  if (actor.type === 'user') return [...actor.roles].sort().join(' ');
  if (actor.type === 'link') return linkHolderRole(actor.recipientKind);
  if (actor.type === 'upload_link') return uploadLinkHolderRole;
  return null;
}

function defaultPurpose(type: AuditEventType, actor: AuditActor): PurposeOfUse | null {
  if (actor.type === 'user') return staffPurposeOfUse(type);
  if (actor.type === 'link') return linkPurposeOfUse(actor.recipientKind, actor.purpose);
  // Images sent in for the patient's care.
  if (actor.type === 'upload_link') return 'TREAT';
  return null;
}

export async function recordAudit(tx: DbOrTx, input: AuditInput): Promise<void> {
  const { actor } = input;
  await tx.insert(auditEvents).values({
    type: input.type,
    outcome: input.outcome ?? 'success',
    reason: input.reason ?? null,
    facilityId: input.facilityId ?? ('facilityId' in actor ? actor.facilityId : null),
    actorType: actor.type === 'upload_link' ? 'link' : actor.type,
    actorId: actor.type === 'user' ? actor.userId : actor.type === 'link' ? actor.shareLinkId : actor.type === 'upload_link' ? actor.uploadLinkId : null,
    actorRole: input.role ?? defaultRole(actor),
    action: input.action ?? auditActionOf[input.type],
    purposeOfUse: input.purposeOfUse ?? defaultPurpose(input.type, actor),
    patientRef: input.patientRef ?? null,
    studyIds: input.studyIds ? [...input.studyIds] : [],
    subjectType: input.subject?.type ?? null,
    subjectId: input.subject?.id ?? null,
    details: input.details ?? {},
    clientIp: input.context.clientIp,
    userAgent: input.context.userAgent?.slice(0, 512) ?? null,
  });
}
