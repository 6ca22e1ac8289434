// The assertion consumer's core: turn a posted SAMLResponse into a verified
// identity, or refuse it with a specific AppError and change nothing.
//   1. node-saml: a valid signature by a configured certificate covering the
//      assertion (Response or Assertion signature; one assertion only; only the
//      signed bytes are read), Conditions NotBefore/NotOnOrAfter (±60 s), Audience.
//   2. check-verified-assertion.ts: issuer, Destination/Recipient, the bearer
//      confirmation's time window and InResponseTo, a persistent NameID.
//   3. One transaction: remember the assertion id (a second use is a replay) and
//      consume the pending AuthnRequest (single use). Either fails → both roll back.
//   4. The request's browser binding: when this browser's cookie came along it must be
//      the one that started the request (checked after 3, so a planted response is
//      used up); the ticket carries the binding to the redemption, which requires it.
// Identity is (issuer, NameID); e-mail is profile data only.
import type { Profile } from '@node-saml/node-saml';
import { db, type DbOrTx } from '@/db/client';
import { checkVerifiedAssertion } from './check-verified-assertion';
import { mapSamlAttributes, type SamlAttributes } from './saml-attributes';
import { samlClient } from './saml-client';
import { fromNodeSamlError, samlError } from './saml-errors';
import { parseStrictXml, XmlParseError } from './safe-xml';
import { usableSamlProvider, type SamlProviderRow } from './saml-provider';
import { consumeSamlRequest, rememberAssertionId } from './saml-state';
import { samlSpConfig } from './sp-config';

export type VerifiedSamlIdentity = {
  /** The IdP's entity id, as it signed it. With nameId, the identity key. */
  issuer: string;
  nameId: string;
  nameIdFormat?: string;
  email?: string;
  displayName?: string;
  groups: string[];
  sessionIndex?: string;
  assertionId: string;
  /** SHA-256 of the secret of the browser that started the sign-in (for the ticket). */
  browserBindingSha256: string;
};

/** A generous bound: real responses are a few KB; this keeps parsing cheap. */
const maxResponseBase64Chars = 512 * 1024;

export async function verifySamlResponse(
  provider: SamlProviderRow,
  publicOrigin: string,
  samlResponseBase64: string,
  /** `browserBinding`: from this request's SAML state cookie, when the browser sent it (lib/http/saml-state-cookie.ts). */
  options: { tx?: DbOrTx; browserBinding?: string | null } = {},
): Promise<VerifiedSamlIdentity> {
  const usable = usableSamlProvider(provider);
  const { base64, xml: responseXml } = decodeResponse(samlResponseBase64);

  let profile: Profile;
  try {
    const result = await samlClient(usable, publicOrigin).validatePostResponseAsync({ SAMLResponse: base64 });
    if (!result.profile) throw new Error('Missing SAML assertion');
    profile = result.profile;
  } catch (err) {
    throw fromNodeSamlError(err);
  }
  const assertionXml = profile.getAssertionXml?.();
  if (!assertionXml) throw samlError('unauthorized:saml_invalid', 'no signed assertion');

  const now = new Date();
  const facts = checkVerifiedAssertion(assertionXml, responseXml, {
    idpEntityId: usable.idpEntityId,
    acsUrl: samlSpConfig(usable.id, publicOrigin).acsUrl,
    now,
  });

  // A savepoint when the caller passes its transaction: our rows never outlive a refusal.
  const request = await (options.tx ?? db()).transaction(async (tx) => {
    const fresh = await rememberAssertionId(tx, { providerId: usable.id, assertionId: facts.assertionId, expiresAt: facts.replayCacheUntil });
    if (!fresh) throw samlError('unauthorized:saml_replayed');
    const consumed = await consumeSamlRequest(tx, usable.id, facts.inResponseTo, now);
    if (!consumed) throw samlError('unauthorized:saml_in_response_to');
    return consumed;
  });
  const browserBindingSha256 = request.browserBindingSha256;
  if (!browserBindingSha256 || (options.browserBinding && options.browserBinding !== browserBindingSha256)) {
    throw samlError('unauthorized:saml_other_browser');
  }

  const attributes = (profile.attributes ?? {}) as SamlAttributes;
  return {
    issuer: facts.issuer,
    nameId: facts.nameId,
    ...(facts.nameIdFormat ? { nameIdFormat: facts.nameIdFormat } : {}),
    ...mapSamlAttributes(attributes),
    ...(typeof profile.sessionIndex === 'string' ? { sessionIndex: profile.sessionIndex } : {}),
    assertionId: facts.assertionId,
    browserBindingSha256,
  };
}

/** Base64 → well-formed XML without a DOCTYPE, before node-saml sees a byte (it would parse a DTD). */
function decodeResponse(samlResponseBase64: string): { base64: string; xml: string } {
  const base64 = samlResponseBase64.replace(/\s+/g, '');
  if (base64.length === 0 || base64.length > maxResponseBase64Chars || !/^[A-Za-z0-9+/]+=*$/.test(base64)) {
    throw samlError('bad_request:saml_response', 'not base64, or too large');
  }
  const xml = Buffer.from(base64, 'base64').toString('utf8');
  try {
    parseStrictXml(xml);
  } catch (err) {
    // The parser's words (which may quote the input) go to the log via `cause`, not to the client.
    const detail = err instanceof XmlParseError && /DOCTYPE/.test(err.message) ? 'DOCTYPE not allowed' : 'not well-formed XML';
    throw samlError('bad_request:saml_response', detail, err);
  }
  return { base64, xml };
}
