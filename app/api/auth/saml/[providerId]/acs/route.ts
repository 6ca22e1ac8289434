import { cookies, headers } from 'next/headers';
import { consumeSamlResponse } from '@/lib/auth/saml-sign-in';
import { admitSignInAttempt } from '@/lib/auth/sign-in-rate-limit';
import { requestContextFrom } from '@/lib/http/request-context';
import { samlBrowserBinding, samlStateCookieName } from '@/lib/http/saml-state-cookie';
import { isAppError } from '@/lib/errors';
import { env } from '@/lib/env';
import { logFailure } from '@/lib/logging/log-failure';

export const dynamic = 'force-dynamic';

// The IdP's browser POST (cross-site by nature, so no CSRF origin check: the
// signed, single-use, request-bound assertion is the proof). Success hands a
// one-time ticket to /sign-in/complete, which opens the next-auth session. The
// ticket is bound to the browser that started the request; when that browser's
// SAML state cookie came along here it must match already (SameSite=Lax keeps it
// off a cross-site POST, so the redemption is where it is always required).
export async function POST(req: Request, { params }: { params: Promise<{ providerId: string }> }) {
  const origin = env().PUBLIC_ORIGIN;
  try {
    const { providerId } = await params;
    const form = await req.formData();
    const samlResponse = form.get('SAMLResponse');
    if (typeof samlResponse !== 'string') return Response.redirect(`${origin}/sign-in?error=unauthorized%3Asaml_missing`, 303);
    const browserBinding = samlBrowserBinding((await cookies()).get(samlStateCookieName())?.value);
    const context = requestContextFrom(await headers());
    await admitSignInAttempt('saml', context); // throws rate_limited:sign_in past the limit
    const ticket = await consumeSamlResponse(providerId, samlResponse, browserBinding, context);
    return Response.redirect(`${origin}/sign-in/complete?ticket=${encodeURIComponent(ticket)}`, 303);
  } catch (err) {
    const code = isAppError(err) ? err.code : 'internal';
    if (!isAppError(err) || err.cause !== undefined) logFailure('saml acs', err);
    return Response.redirect(`${origin}/sign-in?error=${encodeURIComponent(code)}`, 303);
  }
}
