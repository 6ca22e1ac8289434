// Security-critical: the checks node-saml does not make, on the assertion it has
// already verified (its signed bytes, never the unsigned document around it):
// the issuer is the configured IdP, the bearer SubjectConfirmation names our ACS
// as Recipient, is within its time window and answers a request (InResponseTo),
// the NameID is persistent enough to key an identity on. The Response element
// itself may be unsigned (when only the assertion is), so what it says
// (Destination, Issuer, InResponseTo) is checked only for agreement, never trusted alone.
// Error details are fixed words: nothing from the response is echoed to the client.
import { samlClockSkewMs } from './saml-client';
import { samlError } from './saml-errors';
import { attribute, parseStrictXml, selectElements, selectText } from './safe-xml';

const bearer = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const transientFormat = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

export type AssertionFacts = {
  assertionId: string;
  issuer: string;
  nameId: string;
  nameIdFormat?: string;
  /** The AuthnRequest ID this assertion answers (from the signed SubjectConfirmationData). */
  inResponseTo: string;
  /** Until when the assertion could be presented: how long the replay cache must remember it. */
  replayCacheUntil: Date;
};

type Expected = { idpEntityId: string; acsUrl: string; now: Date };

export function checkVerifiedAssertion(assertionXml: string, responseXml: string, expected: Expected): AssertionFacts {
  const assertion = parseStrictXml(assertionXml).documentElement;
  const response = parseStrictXml(responseXml).documentElement;
  const assertionId = attribute(assertion, 'ID');
  if (!assertionId || selectElements('/saml:Assertion', assertion.ownerDocument).length !== 1) {
    throw samlError('unauthorized:saml_invalid', 'no assertion ID');
  }

  const issuer = selectText('./saml:Issuer', assertion);
  if (issuer !== expected.idpEntityId) throw samlError('unauthorized:saml_issuer', 'assertion Issuer');
  const responseElement = selectElements('/samlp:Response', response)[0];
  if (!responseElement) throw samlError('unauthorized:saml_invalid', 'not a SAML 2.0 Response');
  const responseIssuer = selectText('./saml:Issuer', responseElement);
  if (responseIssuer !== undefined && responseIssuer !== expected.idpEntityId) {
    throw samlError('unauthorized:saml_issuer', 'response Issuer');
  }
  const destination = attribute(responseElement, 'Destination');
  if (destination !== undefined && destination !== expected.acsUrl) throw samlError('unauthorized:saml_destination', 'Destination');

  const nameIdElement = selectElements('./saml:Subject/saml:NameID', assertion)[0];
  const nameId = nameIdElement?.textContent?.trim();
  const nameIdFormat = attribute(nameIdElement, 'Format');
  if (!nameId) throw samlError('unauthorized:saml_subject', 'no NameID');
  // A transient NameID changes at every sign-in: keyed on it, each sign-in would be a new person.
  if (nameIdFormat === transientFormat) throw samlError('unauthorized:saml_subject', 'the NameID is transient');

  const confirmation = bearerConfirmation(assertion, expected);
  const responseInResponseTo = attribute(responseElement, 'InResponseTo');
  if (responseInResponseTo !== undefined && responseInResponseTo !== confirmation.inResponseTo) {
    throw samlError('unauthorized:saml_in_response_to', 'the response and its assertion answer different requests');
  }

  const conditionsEnd = timestamp(attribute(selectElements('./saml:Conditions', assertion)[0], 'NotOnOrAfter'));
  const until = Math.max(confirmation.notOnOrAfter, conditionsEnd ?? 0) + samlClockSkewMs;
  return {
    assertionId,
    issuer,
    nameId,
    ...(nameIdFormat ? { nameIdFormat } : {}),
    inResponseTo: confirmation.inResponseTo,
    replayCacheUntil: new Date(until),
  };
}

/**
 * The bearer SubjectConfirmationData that makes this assertion usable here. Each
 * failure names the first thing wrong with the best candidate, so the error says why.
 */
function bearerConfirmation(assertion: Element, { acsUrl, now }: Expected): { inResponseTo: string; notOnOrAfter: number } {
  const data = selectElements(`./saml:Subject/saml:SubjectConfirmation[@Method='${bearer}']/saml:SubjectConfirmationData`, assertion);
  if (data.length === 0) throw samlError('unauthorized:saml_invalid', 'no bearer SubjectConfirmation');
  const forUs = data.filter((d) => attribute(d, 'Recipient') === acsUrl);
  if (forUs.length === 0) throw samlError('unauthorized:saml_destination', 'Recipient');
  const nowMs = now.getTime();
  const current = forUs.filter((d) => {
    const notBefore = timestamp(attribute(d, 'NotBefore'));
    const notOnOrAfter = timestamp(attribute(d, 'NotOnOrAfter'));
    // The Web SSO profile requires NotOnOrAfter on a bearer confirmation: without it, no bound.
    if (notOnOrAfter === undefined) return false;
    return nowMs - samlClockSkewMs < notOnOrAfter && (notBefore === undefined || nowMs + samlClockSkewMs >= notBefore);
  });
  if (current.length === 0) throw samlError('unauthorized:saml_expired', 'SubjectConfirmationData');
  const chosen = current.find((d) => attribute(d, 'InResponseTo') !== undefined);
  if (!chosen) throw samlError('unauthorized:saml_in_response_to', 'no InResponseTo: only sign-ins started here are accepted');
  return { inResponseTo: attribute(chosen, 'InResponseTo')!, notOnOrAfter: timestamp(attribute(chosen, 'NotOnOrAfter'))! };
}

function timestamp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw samlError('unauthorized:saml_invalid', 'unreadable timestamp');
  return ms;
}
