// Refused requests for a named resource leave a row (who, which id, why), but no
// actor can make the append-only trail grow without bound by asking for things it
// may not have: each actor gets AUDIT_REFUSALS_PER_MINUTE rows a minute, then one
// row saying the limit was reached, then nothing more until the next minute (the
// count goes on in audit_refusal_windows). The window lives in PostgreSQL and runs
// on the database's clock, so the limit holds across any number of portal instances.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db, type DbOrTx } from '@/db/client';
import { consents, consentVersions, facilities, patients, shareLinks, studies, uploadLinks, users } from '@/db/schema';
import { env } from '@/lib/env';
import { countInMinuteWindow } from '@/lib/rate-limits/count-in-minute-window';
import { isAppError } from '@/lib/errors';
import type { AccessRefusalReason, AuditAction, AuditEventType } from './audit-event-types';
import { recordAudit, type AuditActor, type AuditSubjectType, type RequestContext } from './record-audit';

const uuid = z.string().uuid();

export type RequestedResource = { type: AuditSubjectType; id: string };

export type Refusal = {
  actor: AuditActor;
  context: RequestContext;
  /** What the request named (none: a secret, such as a sign-in ticket). A malformed id is not stored (it is request text). */
  requested?: RequestedResource;
  /** Why, when the caller knows better than a look-up (else: not_found / other_facility / not_permitted). */
  reason?: string;
  /** ACCESS_REFUSED unless the refusal has an event of its own (a failed sign-in ticket). */
  type?: Extract<AuditEventType, 'ACCESS_REFUSED' | 'STAFF_SIGN_IN_FAILED' | 'SHARE_LINK_REJECTED' | 'UPLOAD_LINK_REJECTED'>;
  action?: AuditAction;
  facilityId?: string | null;
  patientRef?: string | null;
  details?: Record<string, unknown>;
};

function actorKey(actor: AuditActor, context: RequestContext): string {
  switch (actor.type) {
    case 'user':
      return `user:${actor.userId}`;
    case 'link':
      return `link:${actor.shareLinkId}`;
    case 'upload_link':
      return `upload_link:${actor.uploadLinkId}`;
    default:
      // Without an identity, the (validated, lib/http/client-address.ts) address is who is asking.
      return `${actor.type}:${context.clientIp ?? 'unknown'}`;
  }
}

/** This actor's refusals in the current minute, this one included. */
const countRefusal = (tx: DbOrTx, key: string) => countInMinuteWindow(tx, 'audit_refusal_windows', key);

/** Where the resource really is: only for the record, never for the answer (which is 404 whatever it is). */
async function unsafeResourceFacility(tx: DbOrTx, requested: RequestedResource): Promise<string | null | undefined> {
  const id = requested.id;
  const one = async (rows: Promise<Array<{ facilityId: string }>>) => (await rows)[0]?.facilityId ?? null;
  switch (requested.type) {
    case 'study':
      return one(tx.select({ facilityId: studies.facilityId }).from(studies).where(eq(studies.id, id)));
    case 'patient':
      return one(tx.select({ facilityId: patients.facilityId }).from(patients).where(eq(patients.id, id)));
    case 'share_link':
      return one(tx.select({ facilityId: shareLinks.facilityId }).from(shareLinks).where(eq(shareLinks.id, id)));
    case 'upload_link':
      return one(tx.select({ facilityId: uploadLinks.facilityId }).from(uploadLinks).where(eq(uploadLinks.id, id)));
    case 'consent':
      return one(tx.select({ facilityId: consents.facilityId }).from(consents).where(eq(consents.id, id)));
    case 'consent_version':
      return one(
        tx.select({ facilityId: consents.facilityId }).from(consentVersions).innerJoin(consents, eq(consents.id, consentVersions.consentId)).where(eq(consentVersions.id, id)),
      );
    case 'user':
      return one(tx.select({ facilityId: users.facilityId }).from(users).where(eq(users.id, id)));
    case 'facility':
      return one(tx.select({ facilityId: facilities.id }).from(facilities).where(eq(facilities.id, id)));
    default:
      return undefined; // not looked up
  }
}

function actorFacility(actor: AuditActor): string | null {
  return 'facilityId' in actor ? actor.facilityId : null;
}

async function lookedUpReason(tx: DbOrTx, requested: RequestedResource, refusal: Refusal): Promise<{ reason: string; resourceFacilityId?: string; resourceFacility?: string }> {
  const resourceFacility = await unsafeResourceFacility(tx, requested);
  const otherFacility = resourceFacility && resourceFacility !== actorFacility(refusal.actor) ? resourceFacility : undefined;
  const found: AccessRefusalReason | undefined =
    resourceFacility === undefined ? undefined : resourceFacility === null ? 'not_found' : otherFacility ? 'other_facility' : 'not_permitted';
  return { reason: refusal.reason ?? found ?? 'not_found', resourceFacility: resourceFacility ?? undefined, ...(otherFacility ? { resourceFacilityId: otherFacility } : {}) };
}

/** Marks a refusal its domain function has already recorded in its own words, so withRefusalAudit adds no second row. */
const recordedRefusals = new WeakSet<object>();
export function refusalAlreadyRecorded<E extends Error>(err: E): E {
  recordedRefusals.add(err);
  return err;
}

/** Records a refused request in its own transaction (the caller's has rolled back, or never began). */
export async function recordRefusal(refusal: Refusal): Promise<void> {
  const limit = env().AUDIT_REFUSALS_PER_MINUTE;
  await db().transaction(async (tx) => {
    const refusals = await countRefusal(tx, actorKey(refusal.actor, refusal.context));
    if (refusals > limit + 1) return; // counted, not recorded
    const requested = refusal.requested;
    const wellFormed = requested !== undefined && uuid.safeParse(requested.id).success;
    const limited = refusals === limit + 1;
    const found: Awaited<ReturnType<typeof lookedUpReason>> = wellFormed
      ? await lookedUpReason(tx, requested, refusal)
      : { reason: refusal.reason ?? ('malformed_id' satisfies AccessRefusalReason) };
    await recordAudit(tx, {
      type: refusal.type ?? 'ACCESS_REFUSED',
      actor: refusal.actor,
      context: refusal.context,
      outcome: 'failure',
      action: refusal.action,
      reason: limited ? ('refusals_rate_limited' satisfies AccessRefusalReason) : found.reason,
      // An actor without a facility (anonymous) is recorded against the facility whose resource it asked for.
      facilityId: refusal.facilityId ?? actorFacility(refusal.actor) ?? found.resourceFacility ?? null,
      patientRef: refusal.patientRef,
      subject: wellFormed ? { type: requested.type, id: requested.id } : undefined,
      details: {
        ...refusal.details,
        ...(requested ? { requested: requested.type } : {}),
        ...(found.resourceFacilityId && actorFacility(refusal.actor) ? { resourceFacilityId: found.resourceFacilityId } : {}),
        ...(limited ? { refusedAs: found.reason, limitPerMinute: limit } : {}),
      },
    });
  });
}

/**
 * Runs a domain function; if it answers not-found (404), records the refusal for
 * the named resource and rethrows, so the answer stays exactly as it was.
 */
export async function withRefusalAudit<T>(actor: AuditActor, requested: RequestedResource, context: RequestContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isAppError(err) && err.status === 404 && !recordedRefusals.has(err)) await recordRefusal({ actor, context, requested, details: { code: err.code } });
    throw err;
  }
}
