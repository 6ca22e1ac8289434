import { headers } from 'next/headers';
import { consumeSamlResponse } from '@/lib/auth/saml-sign-in';
import { requestContextFrom } from '@/lib/http/request-context';
import { isAppError } from '@/lib/errors';
import { env } from '@/lib/env';
import { logFailure } from '@/lib/logging/log-failure';

export const dynamic = 'force-dynamic';

// The IdP's browser POST (cross-site by nature, so no CSRF origin check: the
// signed, single-use, request-bound assertion is the proof). Success hands a
// one-time ticket to /sign-in/complete, which opens the next-auth session.
export async function POST(req: Request, { params }: { params: Promise<{ providerId: string }> }) {
  const origin = env().PUBLIC_ORIGIN;
  try {
    const { providerId } = await params;
    const form = await req.formData();
    const samlResponse = form.get('SAMLResponse');
    if (typeof samlResponse !== 'string') return Response.redirect(`${origin}/sign-in?error=unauthorized%3Asaml_missing`, 303);
    const ticket = await consumeSamlResponse(providerId, samlResponse, requestContextFrom(await headers()));
    return Response.redirect(`${origin}/sign-in/complete?ticket=${encodeURIComponent(ticket)}`, 303);
  } catch (err) {
    const code = isAppError(err) ? err.code : 'internal';
    if (!isAppError(err) || err.cause !== undefined) logFailure('saml acs', err);
    return Response.redirect(`${origin}/sign-in?error=${encodeURIComponent(code)}`, 303);
  }
}
