import { checkHealth } from '@/lib/health/check-health';

export const dynamic = 'force-dynamic';

/** Readiness, for a load balancer: 200 only while PostgreSQL and S3 both answer (each within a bounded time). */
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { 'cache-control': 'no-store', ...(health.ok ? {} : { 'retry-after': '5' }) } });
}
