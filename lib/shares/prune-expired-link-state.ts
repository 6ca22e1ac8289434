// Forgets what an expired link session or a spent one-time code can no longer do.
// A link session past expires_at is refused on its next request anyway (see
// resolve-link-actor.ts). One-time codes are kept a day past their use or expiry:
// the send rate limit (one-time-code.ts) counts codes of the last 15 minutes, and
// a day keeps that count exact. Run by the job maintenance.prune-expired.
import { and, isNotNull, lt, or } from 'drizzle-orm';
import { db } from '@/db/client';
import { linkOneTimeCodes, linkSessions, uploadLinkSessions } from '@/db/schema';

const dayMs = 86_400_000;

export async function pruneExpiredLinkState(now = new Date()): Promise<{ linkSessions: number; uploadLinkSessions: number; oneTimeCodes: number }> {
  const sessions = await db().delete(linkSessions).where(lt(linkSessions.expiresAt, now)).returning({ id: linkSessions.id });
  const uploadSessions = await db().delete(uploadLinkSessions).where(lt(uploadLinkSessions.expiresAt, now)).returning({ id: uploadLinkSessions.id });
  const dayAgo = new Date(now.getTime() - dayMs);
  const codes = await db()
    .delete(linkOneTimeCodes)
    .where(and(lt(linkOneTimeCodes.createdAt, dayAgo), or(isNotNull(linkOneTimeCodes.usedAt), lt(linkOneTimeCodes.expiresAt, now))))
    .returning({ id: linkOneTimeCodes.id });
  return { linkSessions: sessions.length, uploadLinkSessions: uploadSessions.length, oneTimeCodes: codes.length };
}
