// The two SAML state tables, kept in Postgres so they hold across app instances
// and restarts: AuthnRequests we sent (each answerable once, for a few minutes)
// and the assertion ids we accepted (the replay cache, until they expire).
import { and, eq, gt, lte } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { samlAssertionIds, samlRequests } from '@/db/schema';

export async function rememberSamlRequest(
  tx: DbOrTx,
  row: { id: string; providerId: string; expiresAt: Date; browserBindingSha256: string },
): Promise<void> {
  await tx.insert(samlRequests).values(row);
}

/**
 * Consumes a pending request atomically: a DELETE … RETURNING, so two responses
 * to the same request (or one posted twice at once) cannot both succeed. Returns the
 * binding to the browser that started it (null on rows from before the binding),
 * or undefined when there was no such pending request.
 */
export async function consumeSamlRequest(
  tx: DbOrTx,
  providerId: string,
  requestId: string,
  now: Date,
): Promise<{ browserBindingSha256: string | null } | undefined> {
  const [deleted] = await tx
    .delete(samlRequests)
    .where(and(eq(samlRequests.id, requestId), eq(samlRequests.providerId, providerId), gt(samlRequests.expiresAt, now)))
    .returning({ browserBindingSha256: samlRequests.browserBindingSha256 });
  return deleted;
}

/** Records an accepted assertion id; false when it was seen before (a replay). */
export async function rememberAssertionId(tx: DbOrTx, row: { providerId: string; assertionId: string; expiresAt: Date }): Promise<boolean> {
  const inserted = await tx
    .insert(samlAssertionIds)
    .values(row)
    .onConflictDoNothing()
    .returning({ assertionId: samlAssertionIds.assertionId });
  return inserted.length === 1;
}

/**
 * Forgets expired requests and assertion ids. Safe to run any time: an expired
 * request is refused anyway, and an expired assertion is refused by its own
 * NotOnOrAfter before the replay cache is consulted. Meant for a periodic job.
 */
export async function pruneSamlState(now = new Date()): Promise<{ requests: number; assertionIds: number }> {
  const requests = await db().delete(samlRequests).where(lte(samlRequests.expiresAt, now)).returning({ id: samlRequests.id });
  const assertionIds = await db()
    .delete(samlAssertionIds)
    .where(lte(samlAssertionIds.expiresAt, now))
    .returning({ id: samlAssertionIds.assertionId });
  return { requests: requests.length, assertionIds: assertionIds.length };
}
