// A browser's session on one share link, after its access check passed or its
// named recipient signed in. The cookie carries a random secret; only its SHA-256
// is stored. Lives at most 12 hours, and never past the link's own expiry.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { linkSessions, shareLinks } from '@/db/schema';
import { sha256Hex } from './share-token';

const linkSessionHours = 12;

export type StartedLinkSession = { shareLinkId: string; sessionSecret: string; sessionExpiresAt: Date };

/** Inside the caller's transaction, which also writes the SHARE_LINK_OPENED audit row. */
export async function startLinkSession(
  tx: Tx,
  link: { id: string; expiresAt: Date },
  options: { clearFailedChecks: boolean },
): Promise<StartedLinkSession> {
  const sessionSecret = randomBytes(32).toString('base64url');
  const sessionExpiresAt = new Date(Math.min(link.expiresAt.getTime(), Date.now() + linkSessionHours * 3_600_000));
  await tx.insert(linkSessions).values({ shareLinkId: link.id, secretSha256: sha256Hex(sessionSecret), expiresAt: sessionExpiresAt });
  // A passed access check clears earlier failed ones; an inbox open (no check) leaves them.
  await tx
    .update(shareLinks)
    .set({
      ...(options.clearFailedChecks ? { failedAttempts: 0 } : {}),
      openCount: sql`${shareLinks.openCount} + 1`,
      firstOpenedAt: sql`coalesce(${shareLinks.firstOpenedAt}, now())`,
      lastOpenedAt: new Date(),
    })
    .where(eq(shareLinks.id, link.id));
  return { shareLinkId: link.id, sessionSecret, sessionExpiresAt };
}
