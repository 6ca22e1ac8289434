// Pasted IdP metadata XML → the settings we store: the IdP's entity id, its
// SingleSignOnService URL and its signing certificates. Parsed strictly (no
// DOCTYPE, no half-parsed documents). The metadata's own signature, if any, is
// not checked: the facility admin who pastes it is the trust decision.
import { AppError } from '@/lib/errors';
import { attribute, parseStrictXml, selectElements, XmlParseError } from './safe-xml';
import { samlIdpSettings, type SamlIdpSettings } from './saml-idp-settings';

const saml2Protocol = 'urn:oasis:names:tc:SAML:2.0:protocol';
const bindings = {
  'HTTP-Redirect': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  'HTTP-POST': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;

export type ParsedIdpMetadata = SamlIdpSettings & {
  /** The binding of `ssoUrl`. Sign-in sends HTTP-Redirect; see the note in the report/README. */
  ssoBinding: keyof typeof bindings;
};

const fail = (message: string) => new AppError('unprocessable:saml_metadata', message);

export function parseIdpMetadata(xml: string): ParsedIdpMetadata {
  if (xml.length > 1_000_000) throw fail('This metadata is too large (over 1 MB); paste the metadata of one identity provider.');
  let doc: Document;
  try {
    doc = parseStrictXml(xml.trim());
  } catch (err) {
    if (err instanceof XmlParseError) throw fail(`This is not valid metadata XML: ${err.message}.`);
    throw err;
  }

  const entities = selectElements('//md:EntityDescriptor[md:IDPSSODescriptor]', doc);
  if (entities.length === 0) throw fail('No identity provider (md:IDPSSODescriptor) was found in this metadata.');
  if (entities.length > 1) throw fail(`This metadata describes ${entities.length} identity providers; paste the metadata of just one.`);
  const entity = entities[0]!;
  const entityId = attribute(entity, 'entityID');
  if (!entityId) throw fail('The EntityDescriptor has no entityID.');

  const idp = selectElements('./md:IDPSSODescriptor', entity).find((d) =>
    (attribute(d, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(saml2Protocol),
  );
  if (!idp) throw fail('The identity provider does not declare SAML 2.0 support.');

  const services = selectElements('./md:SingleSignOnService', idp);
  const pick = (binding: keyof typeof bindings) => services.find((s) => attribute(s, 'Binding') === bindings[binding]);
  const ssoBinding = pick('HTTP-Redirect') ? 'HTTP-Redirect' : pick('HTTP-POST') ? 'HTTP-POST' : undefined;
  const ssoUrl = ssoBinding && attribute(pick(ssoBinding), 'Location');
  if (!ssoBinding || !ssoUrl) throw fail('No SingleSignOnService with the HTTP-Redirect or HTTP-POST binding was found.');

  // Signing keys: KeyDescriptors marked use="signing" or with no use (both uses).
  const certificates = selectElements('./md:KeyDescriptor', idp)
    .filter((k) => (attribute(k, 'use') ?? 'signing') === 'signing')
    .flatMap((k) => selectElements('./ds:KeyInfo/ds:X509Data/ds:X509Certificate', k))
    .map((c) => c.textContent ?? '')
    .filter((c) => c.trim() !== '');
  if (certificates.length === 0) throw fail('The identity provider lists no signing certificate.');

  return { ...samlIdpSettings({ entityId, ssoUrl, certificates }), ssoBinding };
}
