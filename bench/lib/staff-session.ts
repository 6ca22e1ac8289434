// Signs in as the demo front desk through next-auth's real flow, by hand: GET the
// CSRF token (and its cookie), POST the credentials callback of the `demo`
// provider, keep the session cookie it sets. Returns a Cookie header value.
import { Readable } from 'node:stream';
import { mergeCookies, request } from './http-client';

export async function signInDemoStaff(baseUrl: string): Promise<string> {
  const csrf = await request(`${baseUrl}/api/auth/csrf`, { keepBody: true });
  if (csrf.status !== 200) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
  const { csrfToken } = JSON.parse(csrf.body!) as { csrfToken: string };
  let cookie = mergeCookies('', csrf.headers['set-cookie']);

  const form = new URLSearchParams({ csrfToken, callbackUrl: `${baseUrl}/studies`, json: 'true' }).toString();
  const callback = await request(`${baseUrl}/api/auth/callback/demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form), cookie },
    body: Readable.from([Buffer.from(form)]),
    keepBody: true,
  });
  cookie = mergeCookies(cookie, callback.headers['set-cookie']);
  if (!/next-auth\.session-token=/.test(cookie)) {
    throw new Error(`the demo sign-in set no session cookie (HTTP ${callback.status}: ${callback.body?.slice(0, 200)})`);
  }

  const session = await request(`${baseUrl}/api/auth/session`, { headers: { cookie }, keepBody: true });
  // next-auth answers {} without a session; what it shows of one depends on the portal's callbacks.
  const parsed = JSON.parse(session.body ?? '{}') as { user?: unknown; userId?: string; sessionId?: string };
  if (!parsed.user && !parsed.userId && !parsed.sessionId) throw new Error(`signed in, but /api/auth/session shows no session: ${session.body}`);
  return cookie;
}
