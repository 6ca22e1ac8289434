import { samlMetadata } from '@/lib/auth/saml-sign-in';
import { errorResponse } from '@/lib/http/error-response';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ providerId: string }> }) {
  try {
    const { providerId } = await params;
    return new Response(await samlMetadata(providerId), { headers: { 'content-type': 'application/samlmetadata+xml; charset=utf-8' } });
  } catch (err) {
    return errorResponse(err);
  }
}
