// Regression (issue 21, 1): a facility's identity provider must not be able to claim
// another facility's specialist. Facility A shares a study with a named recipient; the
// admin of facility B registers their own IdPs (a real OIDC provider and a real SAML
// IdP, simplesamlphp) that assert the recipient's address, and signs in as a clinician
// through the real sign-in functions. B's clinician gets no inbox entry and cannot open
// the link; the specialist signed in through the IdP whose domain claim covers the
// address still sees and opens it; an address vouched for by no claim counts only after
// a one-time code sent to it; a domain claimed by two facilities counts for neither
// until a platform operator approves one. Real Postgres, S3, SMTP sink and IdPs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { withOwnerDb } from '@/db/owner-client';
import { auditEvents, identityProviderEmailDomains, identityProviders, type IdentityProvider } from '@/db/schema';
import { noRequestContext } from '@/lib/audit/record-audit';
import { loadStaffActor } from '@/lib/auth/load-staff-actor';
import { redeemLoginTicket } from '@/lib/auth/login-tickets';
import { identityFromOidcClaims } from '@/lib/auth/oidc-identity';
import { consumeSamlResponse } from '@/lib/auth/saml-sign-in';
import { startSamlSignIn } from '@/lib/auth/saml/start-saml-sign-in';
import { samlBrowserBinding } from '@/lib/http/saml-state-cookie';
import { signInWithIdentity } from '@/lib/auth/sign-in-with-identity';
import type { StaffActor } from '@/lib/auth/actors';
import { findFreePort } from '@/lib/embedded/free-port';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { listEmailDomainClaims, setEmailDomainApproval } from '@/lib/identity-providers/approve-email-domain';
import { setEmailDomainsInput, setProviderEmailDomains } from '@/lib/identity-providers/email-domain-claims';
import { createShareLink } from '@/lib/shares/create-share-link';
import { listInbox, openInboxLink } from '@/lib/shares/inbox';
import { confirmInboxAddress, inboxAddressStatus, sendInboxAddressCode } from '@/lib/shares/inbox-address-code';
import { verifyShareLinkAccess } from '@/lib/shares/open-share-link';
import { resolveLinkActor } from '@/lib/shares/resolve-link-actor';
import { createFacility, createStaff, grantTestConsent } from '../../support/test-data';
import { ingestSmallStudy } from '../../support/generated-study';
import { startOidcIdp, type OidcIdp } from '../../support/oidc-idp/start-oidc-idp';
import { oidcClaimsAfterSignIn } from '../../support/oidc-idp/sign-in-at-oidc-idp';
import { startSamlIdp, type SamlIdp } from '../../support/saml-idp/start-saml-idp';
import { signInAtIdp } from '../../support/saml-idp/sign-in-at-idp';
import { waitForMail } from '../../support/received-mail';

const ctx = noRequestContext;
const run = randomUUID().slice(0, 6);
const domainA = `hospital-a-${run}.test`;
const recipient = `dr.ana@${domainA}`;
const unverifiedColleague = `dr.ben@${domainA}`;
const samlColleague = `dr.cleo@${domainA}`;
const clinicianGroups = { clinicians: ['clinician' as const] };
const isNotFound = (e: unknown) => e instanceof AppError && e.status === 404;

type Idp<T> = { idp: T; provider: IdentityProvider };
let a: { frontDesk: StaffActor; studyId: string };
let recipientsIdp: Idp<OidcIdp>; // the recipient's own institution, claiming domainA
let attackerOidc: Idp<OidcIdp>; // facility B's OpenID Connect provider
let attackerSaml: Idp<SamlIdp>; // a SAML IdP of another facility (B'), asserting the same address
let recipientsSaml: Idp<SamlIdp>; // the same simplesamlphp, registered by hospital A too
let facilityBAdmin: StaffActor;
let link: Awaited<ReturnType<typeof createShareLink>>;

async function providerRow(facilityId: string, values: Partial<typeof identityProviders.$inferInsert> & Pick<typeof identityProviders.$inferInsert, 'kind'>) {
  const [row] = await db().insert(identityProviders).values({ facilityId, displayName: `IdP ${values.kind}`, roleMapping: clinicianGroups, ...values }).returning();
  return row!;
}

async function startOidc(facilityId: string, users: Parameters<typeof startOidcIdp>[0]['users']): Promise<Idp<OidcIdp>> {
  const id = randomUUID();
  const idp = await startOidcIdp({ port: await findFreePort(23170, 23199), redirectUris: [`${env().PUBLIC_ORIGIN}/api/auth/callback/idp-${id}`], users });
  const provider = await providerRow(facilityId, { id, kind: 'oidc', oidcIssuer: idp.issuer, oidcClientId: idp.clientId, oidcClientSecret: idp.clientSecret });
  return { idp, provider };
}

/** OIDC: the real provider's login and code flow, then the sign-in callback's own steps. */
async function signInOidc({ idp, provider }: Idp<OidcIdp>, login: string): Promise<StaffActor> {
  const claims = await oidcClaimsAfterSignIn(idp, `${env().PUBLIC_ORIGIN}/api/auth/callback/idp-${provider.id}`, login);
  const { userId } = await signInWithIdentity(provider, identityFromOidcClaims(provider, claims), ctx);
  return (await loadStaffActor(userId))!;
}

/** SAML: AuthnRequest, the IdP's real login page, our assertion consumer, the login ticket. */
async function signInSaml({ idp, provider }: Idp<SamlIdp>, username: string): Promise<StaffActor> {
  const user = idp.users.find((u) => u.username === username)!;
  const start = await startSamlSignIn(provider, env().PUBLIC_ORIGIN);
  const postBack = await signInAtIdp(start.redirectUrl, user);
  const binding = samlBrowserBinding(start.browserSecret); // the browser that started it redeems the ticket
  const ticket = await consumeSamlResponse(provider.id, postBack.samlResponse, binding, ctx);
  const redeemed = await redeemLoginTicket(ticket, binding, ctx);
  if (!redeemed.ok) throw new Error(`the login ticket was refused: ${redeemed.reason}`);
  return (await loadStaffActor(redeemed.user.userId))!;
}

const inboxHas = async (actor: StaffActor, shareLinkId: string) => (await listInbox(actor, ctx)).some((i) => i.shareLinkId === shareLinkId);

before(async () => {
  const frontDesk = await createStaff((await createFacility()).id, ['front_desk']);
  a = { frontDesk, studyId: (await ingestSmallStudy(frontDesk)).studyId };
  await grantTestConsent(frontDesk, a.studyId, { recipientKind: 'named', recipientName: 'Hospital A radiology', recipientEmail: `@${domainA}` });
  link = await createShareLink(frontDesk, { studyIds: [a.studyId], expiresInDays: 3, accessCheck: 'code', recipientKind: 'named', purpose: 'treatment', recipientEmail: recipient }, ctx);

  const hospitalA = await createFacility();
  recipientsIdp = await startOidc(hospitalA.id, [
    { login: 'dr.ana', email: recipient, name: 'Dr Ana', groups: ['clinicians'] },
    { login: 'dr.ben', email: unverifiedColleague, name: 'Dr Ben', groups: ['clinicians'], emailVerified: false },
  ]);
  const hospitalAAdmin = await createStaff(hospitalA.id, ['facility_admin']);
  await setProviderEmailDomains(hospitalAAdmin, setEmailDomainsInput.parse({ providerId: recipientsIdp.provider.id, domains: domainA }), ctx);

  const facilityB = await createFacility();
  facilityBAdmin = await createStaff(facilityB.id, ['facility_admin']);
  attackerOidc = await startOidc(facilityB.id, [{ login: 'mallory', email: recipient, name: 'Dr Ana (not)', groups: ['clinicians'] }]);
  // Its own facility: one facility's two IdPs may not both make an account for one address.
  const facilityB2 = await createFacility();
  const samlId = randomUUID();
  const samlIdA = randomUUID();
  const samlIdp = await startSamlIdp({
    port: await findFreePort(23170, 23199),
    spProviders: [samlId, samlIdA].map((providerId) => ({ providerId, publicOrigin: env().PUBLIC_ORIGIN })),
    users: [
      { username: 'mallory.saml', password: 'mallory-password', uid: `m-${run}`, email: recipient, displayName: 'Dr Ana (not)', groups: ['clinicians'] },
      { username: 'dr.cleo', password: 'cleo-password', uid: `c-${run}`, email: samlColleague, displayName: 'Dr Cleo', groups: ['clinicians'] },
    ],
  });
  const samlSettings = { kind: 'saml' as const, samlEntityId: samlIdp.entityId, samlSsoUrl: samlIdp.ssoUrl, samlCertificates: [samlIdp.certificatePem] };
  attackerSaml = { idp: samlIdp, provider: await providerRow(facilityB2.id, { id: samlId, ...samlSettings }) };
  recipientsSaml = { idp: samlIdp, provider: await providerRow(hospitalA.id, { id: samlIdA, ...samlSettings }) };
  await setProviderEmailDomains(hospitalAAdmin, setEmailDomainsInput.parse({ providerId: samlIdA, domains: domainA }), ctx);
});
after(async () => {
  await recipientsIdp?.idp.stop();
  await attackerOidc?.idp.stop();
  await attackerSaml?.idp.stop();
  await closeDb();
});

describe('[INBOX] only verified addresses reach the specialist inbox', () => {
  test('facility B’s OIDC provider asserting A’s recipient (email_verified true) gets B’s clinician no inbox entry and no open; the attempt is recorded', async () => {
    const mallory = await signInOidc(attackerOidc, 'mallory');
    assert.deepEqual(mallory.roles, ['clinician']);
    assert.equal(await inboxHas(mallory, link.shareLinkId), false);
    await assert.rejects(openInboxLink(mallory, link.shareLinkId, ctx), isNotFound);
    const [refused] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, 'SHARE_LINK_REJECTED'), eq(auditEvents.actorId, mallory.userId), eq(auditEvents.subjectId, link.shareLinkId)));
    assert.equal(refused?.reason, 'recipient_not_verified');
    // Asking for a confirmation code sends it to the address's real owner, not to B.
    const since = Date.now();
    await sendInboxAddressCode(mallory, ctx);
    const toOwner = await waitForMail(recipient, /one-time code/i, { since });
    const ownersCode = /one-time code is: (\d{8})/.exec(toOwner.text)![1]!;
    await assert.rejects(confirmInboxAddress(mallory, ownersCode === '12345678' ? '87654321' : '12345678', ctx), (e) => e instanceof AppError && e.code === 'unprocessable:wrong_code');
    assert.equal(await inboxHas(mallory, link.shareLinkId), false);
  });

  test('facility B′’s SAML IdP asserting A’s recipient gets its clinician no inbox entry and no open', async () => {
    const mallory = await signInSaml(attackerSaml, 'mallory.saml');
    assert.deepEqual(mallory.roles, ['clinician']);
    assert.equal(await inboxHas(mallory, link.shareLinkId), false);
    await assert.rejects(openInboxLink(mallory, link.shareLinkId, ctx), isNotFound);
  });

  test('through SAML too, a specialist signed in through the IdP whose claim covers their address sees and opens the link to it', async () => {
    await grantTestConsent(a.frontDesk, a.studyId, { recipientKind: 'named', recipientName: 'Dr Cleo', recipientEmail: samlColleague });
    const toCleo = await createShareLink(a.frontDesk, { studyIds: [a.studyId], expiresInDays: 3, accessCheck: 'code', recipientKind: 'named', purpose: 'treatment', recipientEmail: samlColleague }, ctx);
    const cleo = await signInSaml(recipientsSaml, 'dr.cleo');
    assert.equal(await inboxHas(cleo, toCleo.shareLinkId), true);
    await openInboxLink(cleo, toCleo.shareLinkId, ctx);
    const mallory = await signInSaml(attackerSaml, 'mallory.saml');
    assert.equal(await inboxHas(mallory, toCleo.shareLinkId), false);
  });

  test('the specialist, signed in through the IdP whose domain claim covers the address, sees and opens it; their account and roles were audited with the source', async () => {
    const ana = await signInOidc(recipientsIdp, 'dr.ana');
    assert.equal(await inboxHas(ana, link.shareLinkId), true);
    const opened = await openInboxLink(ana, link.shareLinkId, ctx);
    assert.equal((await resolveLinkActor(opened.sessionSecret, link.shareLinkId, ctx)).shareLinkId, link.shareLinkId);
    const rows = await db().select().from(auditEvents).where(eq(auditEvents.subjectId, ana.userId));
    const created = rows.find((r) => r.type === 'USER_CREATED');
    const granted = rows.find((r) => r.type === 'ROLES_GRANTED');
    assert.equal(created?.actorType, 'system');
    assert.deepEqual((created?.details as { source: unknown }).source, {
      kind: 'identity_provider',
      method: 'oidc',
      providerId: recipientsIdp.provider.id,
      identityId: (created?.details as { source: { identityId: string } }).source.identityId,
    });
    assert.deepEqual((granted?.details as { roles: string[] }).roles, ['clinician']);
    assert.deepEqual((granted?.details as { source: { groups: string[]; providerId: string } }).source.groups, ['clinicians']);
    // A second sign-in makes no second account.
    await signInOidc(recipientsIdp, 'dr.ana');
    assert.equal((await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, ana.userId), eq(auditEvents.type, 'USER_CREATED')))).length, 1);
  });

  test('within the claim, an OIDC address with email_verified false does not count until its owner confirms it with the e-mailed code', async () => {
    const toBen = await createShareLink(a.frontDesk, { studyIds: [a.studyId], expiresInDays: 3, accessCheck: 'code', recipientKind: 'named', purpose: 'treatment', recipientEmail: unverifiedColleague }, ctx);
    const ben = await signInOidc(recipientsIdp, 'dr.ben');
    assert.equal((await inboxAddressStatus(ben)).verified, false);
    assert.equal(await inboxHas(ben, toBen.shareLinkId), false);
    await assert.rejects(openInboxLink(ben, toBen.shareLinkId, ctx), isNotFound);

    const since = Date.now();
    assert.deepEqual(await sendInboxAddressCode(ben, ctx), { sentTo: `d***@${domainA}` });
    const mail = await waitForMail(unverifiedColleague, /one-time code/i, { since });
    assert.match(mail.text, /inbox of a ScanShare account that signs in through Test Facility test-/, 'the owner of the address learns whose account asks');
    const code = /one-time code is: (\d{8})/.exec(mail.text)![1]!;
    const wrong = code === '00000000' ? '11111111' : '00000000';
    await assert.rejects(confirmInboxAddress(ben, wrong, ctx), (e) => e instanceof AppError && e.code === 'unprocessable:wrong_code');
    assert.equal(await inboxHas(ben, toBen.shareLinkId), false);
    await assert.rejects(sendInboxAddressCode(ben, ctx), (e) => e instanceof AppError && e.status === 429);

    await confirmInboxAddress(ben, code, ctx);
    assert.equal((await inboxAddressStatus(ben)).verified, true);
    assert.equal(await inboxHas(ben, toBen.shareLinkId), true);
    await openInboxLink(ben, toBen.shareLinkId, ctx);
    await assert.rejects(confirmInboxAddress(ben, code, ctx), (e) => e instanceof AppError && e.code === 'unprocessable:wrong_code'); // used up
    const outcomes = (await db().select().from(auditEvents).where(and(eq(auditEvents.actorId, ben.userId), eq(auditEvents.type, 'INBOX_ADDRESS_CONFIRMED')))).map((r) => r.outcome);
    assert.deepEqual(outcomes.sort(), ['failure', 'failure', 'success']);
  });

  test('a link to an address outside every verified claim stays reachable only through the link and its access check', async () => {
    const outside = `someone@unclaimed-${run}.test`;
    await grantTestConsent(a.frontDesk, a.studyId, { recipientKind: 'named', recipientName: 'Unclaimed clinic', recipientEmail: outside });
    const toOutside = await createShareLink(a.frontDesk, { studyIds: [a.studyId], expiresInDays: 3, accessCheck: 'code', recipientKind: 'named', purpose: 'treatment', recipientEmail: outside }, ctx);
    const otherOidc = await startOidc(facilityBAdmin.facilityId, [{ login: 'someone', email: outside, name: 'Someone', groups: ['clinicians'] }]);
    try {
      const someone = await signInOidc(otherOidc, 'someone');
      assert.equal(await inboxHas(someone, toOutside.shareLinkId), false);
      await assert.rejects(openInboxLink(someone, toOutside.shareLinkId, ctx), isNotFound);
    } finally {
      await otherOidc.idp.stop();
    }
    const opened = await verifyShareLinkAccess(toOutside.url.split('/s/')[1]!, toOutside.accessCode!, ctx);
    assert.equal(opened.ok, true);
  });

  test('when facility B claims A’s domain too, neither claim counts until a platform operator approves one; a facility admin cannot approve', async () => {
    await setProviderEmailDomains(facilityBAdmin, setEmailDomainsInput.parse({ providerId: attackerOidc.provider.id, domains: domainA }), ctx);
    const mallory = await signInOidc(attackerOidc, 'mallory');
    const ana = await signInOidc(recipientsIdp, 'dr.ana');
    assert.equal(await inboxHas(mallory, link.shareLinkId), false);
    assert.equal(await inboxHas(ana, link.shareLinkId), false, 'a contested claim counts for nobody');

    // The portal's runtime role cannot write an approval, whatever a facility admin's code would try.
    await assert.rejects(
      db().update(identityProviderEmailDomains).set({ approvedAt: new Date() }).where(eq(identityProviderEmailDomains.providerId, attackerOidc.provider.id)),
      (e: Error & { cause?: { code?: string } }) => (e.cause?.code ?? (e as { code?: string }).code) === '42501',
    );

    const ownerUrl = process.env.DATABASE_OWNER_URL!;
    const claims = await withOwnerDb(ownerUrl, listEmailDomainClaims);
    const recipientsClaim = claims.find((c) => c.domain === domainA && c.providerId === recipientsIdp.provider.id)!;
    assert.equal(recipientsClaim.contested, true);
    await withOwnerDb(ownerUrl, (ownerDb) => setEmailDomainApproval(ownerDb, { claimId: recipientsClaim.claimId, approved: true, operator: 'Platform Operator' }));
    assert.equal(await inboxHas(ana, link.shareLinkId), true);
    assert.equal(await inboxHas(mallory, link.shareLinkId), false);
    await assert.rejects(openInboxLink(mallory, link.shareLinkId, ctx), isNotFound);
    const [approval] = await db().select().from(auditEvents).where(and(eq(auditEvents.type, 'EMAIL_DOMAIN_APPROVED'), eq(auditEvents.subjectId, recipientsIdp.provider.id)));
    assert.equal((approval?.details as { operator: string }).operator, 'Platform Operator');
  });
});
