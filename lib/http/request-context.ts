// Where a request came from, for the audit log. Behind a proxy, the first
// X-Forwarded-For hop is the client (deployments terminate TLS in front of us).
import type { RequestContext } from '@/lib/audit/record-audit';

type HeaderSource = { get(name: string): string | null };

export function requestContextFrom(headers: HeaderSource): RequestContext {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const clientIp = forwarded || headers.get('x-real-ip') || null;
  return { clientIp: clientIp?.slice(0, 64) ?? null, userAgent: headers.get('user-agent') };
}
