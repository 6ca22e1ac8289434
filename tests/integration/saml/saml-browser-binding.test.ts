// A SAML sign-in answers only the browser that started it (login CSRF, issue 18): the
// AuthnRequest row carries the SHA-256 of the browser's state-cookie secret, the ACS
// refuses a response to another browser's request when it sees this browser's cookie,
// and the one-time ticket is redeemed only with the matching cookie. Against the real
// IdP (simplesamlphp) and its real login page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { loginTickets, samlRequests } from '@/db/schema';
import type { AppError } from '@/lib/errors';
import { redeemLoginTicket } from '@/lib/auth/login-tickets';
import { consumeSamlResponse } from '@/lib/auth/saml-sign-in';
import { verifySamlResponse } from '@/lib/auth/saml/verify-saml-response';
import { samlBrowserBinding } from '@/lib/http/saml-state-cookie';
import { sha256Hex } from '@/lib/shares/share-token';
import { auditRowsFor, latestAuditId } from '../../support/audit-rows';
import { genuineResponse, pendingRequest, publicOrigin, startSamlFixture, type SamlFixture } from './support/saml-fixture';

// consumeSamlResponse verifies against the configured origin: the fixture's (lib/env.ts reads it on first use).
process.env.PUBLIC_ORIGIN = publicOrigin;

let f: SamlFixture;
before(async () => {
  f = await startSamlFixture();
});
after(async () => {
  await f?.stop();
  await closeDb();
});

const user = (username: string) => f.idp.users.find((u) => u.username === username)!;
const otherBrowser = samlBrowserBinding('B'.repeat(43));
const ctx = { clientIp: '203.0.113.7', userAgent: 'saml-binding-test' };

describe('[SAML] binding a sign-in to its browser', () => {
  it('the login start keeps only the SHA-256 of the browser secret on the request row', async () => {
    const g = await genuineResponse(f.bothSigned, user('frontdesk.alice'));
    assert.match(g.browserSecret, /^[A-Za-z0-9_-]{43}$/);
    const row = await pendingRequest(g.requestId);
    assert.equal(row?.browserBindingSha256, sha256Hex(g.browserSecret));
    assert.equal(samlBrowserBinding(g.browserSecret), row?.browserBindingSha256);
    assert.equal(samlBrowserBinding('not a secret'), null);
  });

  it("a response to another browser's request is refused at the ACS when this browser's cookie comes along, and is used up", async () => {
    const g = await genuineResponse(f.bothSigned, user('frontdesk.alice'));
    await assert.rejects(verifySamlResponse(f.bothSigned, publicOrigin, g.samlResponse, { browserBinding: otherBrowser }), (err: AppError) => {
      assert.equal(err.code, 'unauthorized:saml_other_browser');
      assert.match(err.publicMessage, /not started in this browser/);
      return true;
    });
    assert.equal(await pendingRequest(g.requestId), undefined, 'the request is used up');
    await assert.rejects(verifySamlResponse(f.bothSigned, publicOrigin, g.samlResponse), (err: AppError) => err.code === 'unauthorized:saml_replayed');
  });

  it('with the starting browser\'s cookie, or none (a cross-site POST), the response is verified and carries the binding', async () => {
    const withCookie = await genuineResponse(f.bothSigned, user('frontdesk.alice'));
    const a = await verifySamlResponse(f.bothSigned, publicOrigin, withCookie.samlResponse, { browserBinding: samlBrowserBinding(withCookie.browserSecret) });
    assert.equal(a.browserBindingSha256, sha256Hex(withCookie.browserSecret));
    const crossSite = await genuineResponse(f.bothSigned, user('frontdesk.alice'));
    const b = await verifySamlResponse(f.bothSigned, publicOrigin, crossSite.samlResponse, { browserBinding: null });
    assert.equal(b.browserBindingSha256, sha256Hex(crossSite.browserSecret));
  });

  it('a pending request from before the binding (no hash on its row) is refused', async () => {
    const g = await genuineResponse(f.bothSigned, user('frontdesk.alice'));
    await db().update(samlRequests).set({ browserBindingSha256: null }).where(eq(samlRequests.id, g.requestId));
    await assert.rejects(verifySamlResponse(f.bothSigned, publicOrigin, g.samlResponse), (err: AppError) => err.code === 'unauthorized:saml_other_browser');
  });

  it('the ticket is redeemed once, by the starting browser only; another browser uses it up', async () => {
    const mine = await genuineResponse(f.bothSigned, user('admin.bob'));
    const binding = samlBrowserBinding(mine.browserSecret);
    const ticket = await consumeSamlResponse(f.bothSigned.id, mine.samlResponse, null, ctx);
    const [row] = await db().select().from(loginTickets).where(eq(loginTickets.ticketSha256, sha256Hex(ticket)));
    assert.equal(row?.browserBindingSha256, binding);
    const redeemed = await redeemLoginTicket(ticket, binding, ctx);
    assert.equal(redeemed.ok, true);
    assert.deepEqual(await redeemLoginTicket(ticket, binding, ctx), { ok: false, reason: 'invalid' }, 'once');

    const planted = await genuineResponse(f.bothSigned, user('admin.bob'));
    const plantedTicket = await consumeSamlResponse(f.bothSigned.id, planted.samlResponse, null, ctx);
    for (const victim of [null, otherBrowser]) {
      const again = await genuineResponse(f.bothSigned, user('admin.bob'));
      const t = await consumeSamlResponse(f.bothSigned.id, again.samlResponse, null, ctx);
      assert.deepEqual(await redeemLoginTicket(t, victim, ctx), { ok: false, reason: 'other_browser', provider: { id: f.bothSigned.id, facilityId: f.facilityId } });
      assert.deepEqual(await redeemLoginTicket(t, samlBrowserBinding(again.browserSecret), ctx), { ok: false, reason: 'invalid' }, 'used up');
    }
    assert.equal((await redeemLoginTicket(plantedTicket, samlBrowserBinding(planted.browserSecret), ctx)).ok, true);
  });

  it("the ACS refusal of another browser's response is audited against the provider's facility", async () => {
    const since = await latestAuditId();
    const g = await genuineResponse(f.bothSigned, user('frontdesk.alice'));
    await assert.rejects(consumeSamlResponse(f.bothSigned.id, g.samlResponse, otherBrowser, ctx), (err: AppError) => err.code === 'unauthorized:saml_other_browser');
    const rows = (await auditRowsFor({ facilityId: f.facilityId, sinceId: since })).filter((r) => r.type === 'STAFF_SIGN_IN_FAILED');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.reason, 'unauthorized:saml_other_browser');
  });
});
