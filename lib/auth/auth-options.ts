// next-auth configuration: the one session mechanism for staff. Sign-in through
// the facility's OIDC providers (and SAML via a one-time ticket, see
// lib/auth/saml), or the demo sign-in on embedded defaults. The JWT cookie only
// names a server-side session (lib/auth/staff-sessions.ts), checked on every request.
import type { NextAuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { and, eq } from 'drizzle-orm';
import { cookies, headers } from 'next/headers';
import { db } from '@/db/client';
import { facilities, users } from '@/db/schema';
import { env } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { requestContextFrom } from '@/lib/http/request-context';
import { samlBrowserBinding, samlStateCookieName } from '@/lib/http/saml-state-cookie';
import { admitSignInAttempt } from './sign-in-rate-limit';
import type { RequestContext } from '@/lib/audit/record-audit';
import { demoAccounts, demoFacility, isDemoAccountKey, type DemoAccountKey } from './demo-accounts';
import { enabledOidcProviders, findIdentityProvider, identityProviderIdFrom, nextAuthOidcProvider } from './oidc-providers';
import { signInWithIdentity } from './sign-in-with-identity';
import { identityFromOidcClaims } from './oidc-identity';
import { endStaffSession, startStaffSession, type SignInMethod } from './staff-sessions';
import { redeemLoginTicket } from './login-tickets';
import { recordSignInFailure } from './record-sign-in-failure';
import { samlError } from './saml/saml-errors';

/** What our sign-in steps hand to the jwt callback on the next-auth `user` object. */
type SignedInUser = User & { scanshare?: { userId: string; facilityId: string; method: SignInMethod; provider?: string } };

async function requestContext(): Promise<RequestContext> {
  try {
    return requestContextFrom(await headers());
  } catch {
    return { clientIp: null, userAgent: null };
  }
}

async function demoUser(key: DemoAccountKey) {
  const [row] = await db()
    .select({ id: users.id, email: users.email, name: users.displayName, facilityId: users.facilityId })
    .from(users)
    .innerJoin(facilities, eq(facilities.id, users.facilityId))
    .where(and(eq(facilities.slug, demoFacility.slug), eq(users.email, demoAccounts[key].email), eq(users.active, true)));
  return row ?? null;
}

/** next-auth passes a thrown error's message on to the sign-in page as ?error=: our code, never text. */
function asSignInError(err: unknown): never {
  throw isAppError(err) ? new Error(err.code) : err;
}

function demoProvider() {
  return CredentialsProvider({
    id: 'demo',
    name: 'Demo front desk',
    // Which demo account (a key of demoAccounts; the front desk when none is sent).
    credentials: { account: { type: 'text' } },
    async authorize(credentials) {
      // Re-checked here, not only when the button is drawn: the env decides, not the client.
      if (!env().SCANSHARE_DEMO) return null;
      const key = credentials?.account || 'frontdesk';
      if (!isDemoAccountKey(key)) return null;
      const user = await demoUser(key);
      await admitSignInAttempt('demo', await requestContext(), user?.id).catch(asSignInError); // past the limit
      if (!user) return null;
      const signedIn: SignedInUser = { id: user.id, email: user.email, name: user.name, scanshare: { userId: user.id, facilityId: user.facilityId, method: 'demo' } };
      return signedIn;
    },
  });
}

/**
 * Completes a SAML sign-in: the ticket our assertion consumer issued, once, and only in
 * the browser that started the sign-in (its SAML state cookie). Another browser's attempt
 * is audited and answered with its own message on the sign-in page (next-auth passes a
 * thrown error's message on as ?error=).
 */
function samlTicketProvider() {
  return CredentialsProvider({
    id: 'saml-ticket',
    name: 'SAML',
    credentials: { ticket: { type: 'text' } },
    async authorize(credentials) {
      const browserBinding = samlBrowserBinding((await cookies()).get(samlStateCookieName())?.value);
      await admitSignInAttempt('saml_ticket', await requestContext()).catch(asSignInError); // past the limit
      const redeemed = await redeemLoginTicket(String(credentials?.ticket ?? ''), browserBinding, await requestContext());
      if (!redeemed.ok) {
        if (redeemed.reason !== 'other_browser') return null;
        const refusal = samlError('unauthorized:saml_other_browser');
        await recordSignInFailure(redeemed.provider, 'saml', refusal, await requestContext());
        throw new Error(refusal.code);
      }
      const { user } = redeemed;
      const signedIn: SignedInUser = { id: user.userId, email: user.email, name: user.name, scanshare: { userId: user.userId, facilityId: user.facilityId, method: 'saml' } };
      return signedIn;
    },
  });
}

/** Options shared by the route handler and getServerSession (which needs no providers). */
export function baseAuthOptions(): NextAuthOptions {
  const e = env();
  return {
    secret: e.NEXTAUTH_SECRET,
    // The cookie lives no longer than the absolute timeout; the server-side session decides before that.
    session: { strategy: 'jwt', maxAge: e.SESSION_MAX_HOURS * 3600 },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [],
    callbacks: {
      async signIn({ user, account, profile }) {
        const providerId = account ? identityProviderIdFrom(account.provider) : null;
        if (!providerId) return true; // demo: authorize() already decided
        const provider = await findIdentityProvider(providerId);
        if (!provider || !provider.enabled || provider.kind !== 'oidc' || !profile) return false;
        const context = await requestContext();
        try {
          await admitSignInAttempt('oidc', context);
          const result = await signInWithIdentity(provider, identityFromOidcClaims(provider, profile as Record<string, unknown>), context);
          (user as SignedInUser).scanshare = { userId: result.userId, facilityId: result.facilityId, method: 'oidc', provider: provider.id };
          return true;
        } catch (err) {
          // A rate-limit refusal is recorded where it is decided (lib/auth/sign-in-rate-limit.ts).
          if (!(isAppError(err) && err.code === 'rate_limited:sign_in')) await recordSignInFailure(provider, 'oidc', err, context);
          if (isAppError(err)) return `/sign-in?error=${encodeURIComponent(err.code)}`;
          throw err;
        }
      },
      async jwt({ token, user }) {
        const signedIn = (user as SignedInUser | undefined)?.scanshare;
        if (signedIn) {
          // A fresh server-side session at every sign-in.
          token.uid = signedIn.userId;
          token.sid = await startStaffSession({ id: signedIn.userId, facilityId: signedIn.facilityId }, signedIn.method, await requestContext(), {
            provider: signedIn.provider,
          });
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, sessionId: typeof token.sid === 'string' ? token.sid : undefined };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await endStaffSession(token.sid, 'signed_out');
      },
    },
  };
}

/** The full options for the next-auth route handler: the base plus today's providers. */
export async function authOptionsWithProviders(): Promise<NextAuthOptions> {
  const base = baseAuthOptions();
  const oidc = (await enabledOidcProviders()).map(nextAuthOidcProvider);
  return { ...base, providers: [...(env().SCANSHARE_DEMO ? [demoProvider()] : []), samlTicketProvider(), ...oidc] };
}
