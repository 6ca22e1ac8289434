// next-auth configuration: the one session mechanism for staff. On embedded/demo
// defaults a one-click demo sign-in; institutional OIDC/SAML come with issue 3.
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { facilities, users } from '@/db/schema';
import { env } from '@/lib/env';
import { recordAudit, noRequestContext } from '@/lib/audit/record-audit';
import { demoFacility, demoStaff } from './demo-accounts';

const sessionMaxAgeSeconds = 12 * 60 * 60;

async function demoUser(): Promise<{ id: string; email: string; name: string; facilityId: string } | null> {
  const [row] = await db()
    .select({ id: users.id, email: users.email, name: users.displayName, facilityId: users.facilityId })
    .from(users)
    .innerJoin(facilities, eq(facilities.id, users.facilityId))
    .where(and(eq(facilities.slug, demoFacility.slug), eq(users.email, demoStaff.email), eq(users.active, true)));
  return row ?? null;
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const e = env();
  cached = {
    secret: e.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: sessionMaxAgeSeconds },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: e.SCANSHARE_DEMO
      ? [
          CredentialsProvider({
            id: 'demo',
            name: 'Demo front desk',
            credentials: {},
            async authorize() {
              // Re-checked here, not only when the button is drawn: the env decides, not the client.
              if (!env().SCANSHARE_DEMO) return null;
              const user = await demoUser();
              if (!user) return null;
              await db().transaction((tx) =>
                recordAudit(tx, {
                  type: 'STAFF_SIGNED_IN',
                  actor: { type: 'user', userId: user.id, facilityId: user.facilityId },
                  context: noRequestContext,
                  details: { method: 'demo' },
                }),
              );
              return { id: user.id, email: user.email, name: user.name };
            },
          }),
        ]
      : [],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: typeof token.uid === 'string' ? token.uid : undefined };
      },
    },
  };
  return cached;
}
