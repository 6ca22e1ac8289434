// Every portal page carries a Content-Security-Policy whose scripts run only with
// that response's nonce (no 'unsafe-inline' for scripts), and every script tag the
// page ships carries it. The routes are read from app/ itself, so a new page is
// covered without editing this test.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';

function pageRoutes(): string[] {
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'page.tsx') routes.push(path.relative('app', path.dirname(full)));
    }
  };
  walk('app');
  return routes.map((dir) => '/' + dir.split(path.sep)
    .filter((part) => !/^\(.*\)$/.test(part)) // route groups add nothing to the URL
    .map((part) => (part === '[token]' ? 'not-a-real-token' : part.startsWith('[') ? '00000000-0000-4000-8000-000000000000' : part))
    .join('/')).map((route) => route.replace(/\/$/, '') || '/');
}

test('[SECURITY] every page sends a nonce CSP without unsafe-inline scripts, and its script tags carry the nonce', async ({ request }) => {
  const routes = pageRoutes();
  expect(routes.length).toBeGreaterThan(15);
  for (const route of routes) {
    const res = await request.get(route, { maxRedirects: 0 });
    const csp = res.headers()['content-security-policy'] ?? '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
    expect(scriptSrc, `${route} script-src`).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(scriptSrc, route).not.toContain('unsafe-inline');
    expect(csp, route).toContain("object-src 'none'");
    expect(csp, route).toContain("frame-ancestors 'self'");
    if (res.status() === 200) {
      const nonce = scriptSrc.match(/'nonce-([^']+)'/)![1];
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, route).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, route).toContain(`nonce="${nonce}"`);
    }
  }
});

test('[SECURITY] each response gets its own nonce', async ({ request }) => {
  const nonceOf = async () => (await request.get('/sign-in')).headers()['content-security-policy']?.match(/'nonce-([^']+)'/)?.[1];
  const [a, b] = [await nonceOf(), await nonceOf()];
  expect(a).toBeTruthy();
  expect(a).not.toBe(b);
});

test('[SECURITY] pages run under their policy: no CSP violation while the sign-in and access-check pages start', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => { if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text()); });
  await page.goto('/sign-in');
  await page.waitForLoadState('networkidle');
  await page.goto('/s/not-a-real-token');
  await page.waitForLoadState('networkidle');
  // Hydrated: React has attached to the page (its scripts ran under the nonce).
  const hydrated = await page.evaluate(() => Object.keys(document.body).some((k) => k.startsWith('__react')) ||
    Array.from(document.querySelectorAll('*')).some((el) => Object.keys(el).some((k) => k.startsWith('__react'))));
  expect(hydrated).toBe(true);
  expect(violations).toEqual([]);
});

test('[SECURITY] a client cannot mark a staff page as a recipient page', async ({ request }) => {
  const res = await request.get('/sign-in', { headers: { 'x-scanshare-recipient-page': '1', 'accept-language': 'es' } });
  expect(await res.text()).toContain('<html lang="en"');
});
