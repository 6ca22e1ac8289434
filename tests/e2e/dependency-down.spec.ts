// When PostgreSQL stops answering, pages say so at once (503 + Retry-After, in the
// visitor's language, no stack trace), readiness tells the load balancer, liveness
// stays up, and everything comes back by itself when the database does.
import { test, expect } from '@playwright/test';
import { freezePostgres } from '../support/postgres-fault';

test('[OPERATIONS] a hung database gets fast 503 pages with Retry-After, honest health checks, and recovery without a restart', async ({ request }) => {
  expect((await request.get('/sign-in')).status()).toBe(200);
  const thawPostgres = await freezePostgres();
  try {
    // The gate re-probes at most once a second (lib/health/database-gate.ts): a page asked within that
    // second of the freeze may still have been let through on the last good answer.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // A bounded wait stands for "not a hang": the gate's probe gives up after 1.5 s, readiness after 2 s.
    const page = await request.get('/sign-in', { timeout: 10_000 });
    expect(page.status()).toBe(503);
    expect(page.headers()['retry-after']).toBe('5');
    const body = await page.text();
    expect(body).toContain('briefly unavailable');
    expect(body).not.toMatch(/at .*\.js:\d+|Error:/);

    const spanish = await request.get('/s/some-token', { headers: { 'accept-language': 'es-ES,es;q=0.9' }, timeout: 10_000 });
    expect(spanish.status()).toBe(503);
    expect(await spanish.text()).toContain('no está disponible');

    const ready = await request.get('/api/health', { timeout: 10_000 });
    expect(ready.status()).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, database: false, storage: true });
    expect((await request.get('/api/health/live', { timeout: 10_000 })).status()).toBe(200);
  } finally {
    thawPostgres();
  }
  await expect.poll(async () => (await request.get('/sign-in', { timeout: 10_000 })).status(), { timeout: 30_000 }).toBe(200);
  await expect.poll(async () => (await request.get('/api/health', { timeout: 10_000 })).status(), { timeout: 30_000 }).toBe(200);
});
