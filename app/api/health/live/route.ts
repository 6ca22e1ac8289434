export const dynamic = 'force-dynamic';

/** Liveness: this process serves requests. Never touches a dependency, so a database outage does not get every instance restarted. */
export function GET() {
  return Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
}
