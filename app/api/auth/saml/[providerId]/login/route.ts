import { cookies } from 'next/headers';
import { samlSignInStart } from '@/lib/auth/saml-sign-in';
import { errorResponse } from '@/lib/http/error-response';
import { samlStateCookieName, samlStateCookieOptions } from '@/lib/http/saml-state-cookie';

export const dynamic = 'force-dynamic';

// Starts a sign-in and binds it to this browser: the HttpOnly state cookie is what the
// assertion consumer and the ticket redemption ask for (login CSRF, issue 18).
export async function GET(_req: Request, { params }: { params: Promise<{ providerId: string }> }) {
  try {
    const { providerId } = await params;
    const start = await samlSignInStart(providerId);
    (await cookies()).set(samlStateCookieName(), start.browserSecret, samlStateCookieOptions(start.expiresAt));
    return new Response(null, { status: 302, headers: { location: start.redirectUrl, 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
