import { samlSignInRedirect } from '@/lib/auth/saml-sign-in';
import { errorResponse } from '@/lib/http/error-response';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ providerId: string }> }) {
  try {
    const { providerId } = await params;
    return new Response(null, { status: 302, headers: { location: await samlSignInRedirect(providerId), 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
