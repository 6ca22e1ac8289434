// Test-only crafting of SAML responses from a genuine one the IdP issued: flip a
// byte, strip signatures, re-sign a changed response with the IdP's own key (or
// another key), and the classic XML-signature-wrapping (XSW) shapes. Signing uses
// xml-crypto, as an attacker or a misconfigured IdP would; verification under
// test is lib/auth/saml, which must refuse each for the right reason.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

const dsig = 'http://www.w3.org/2000/09/xmldsig#';
const samlNs = 'urn:oasis:names:tc:SAML:2.0:assertion';
const samlpNs = 'urn:oasis:names:tc:SAML:2.0:protocol';

export const decodeSaml = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
export const encodeSaml = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
const serialize = (doc: Document) => new XMLSerializer().serializeToString(doc as never);

function byName(root: Document | Element, ns: string, local: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, local));
}

/** The first element of that name, anywhere in the document. */
export function first(doc: Document, ns: 'saml' | 'samlp', local: string): Element {
  const found = byName(doc, ns === 'saml' ? samlNs : samlpNs, local)[0];
  if (!found) throw new Error(`no ${ns}:${local} in the response`);
  return found;
}

/** Changes the XML text (e.g. one byte inside a signed element) and keeps the signatures. */
export function tamper(b64: string, edit: (xml: string) => string): string {
  const xml = decodeSaml(b64);
  const changed = edit(xml);
  if (changed === xml) throw new Error('tamper: the edit changed nothing');
  return encodeSaml(changed);
}

export function stripSignatures(b64: string): string {
  const doc = parse(decodeSaml(b64));
  for (const sig of byName(doc, dsig, 'Signature')) sig.parentNode!.removeChild(sig);
  return encodeSaml(serialize(doc));
}

export type SigningKey = { privateKeyPem: string; certificatePem: string };

/**
 * Removes the signatures, lets `mutate` change the document, then signs the
 * Assertion (and the Response, unless `signResponse` is false) with `key`, as the
 * IdP does: enveloped, exclusive c14n, RSA-SHA256, signature after the Issuer.
 */
export function resign(b64: string, key: SigningKey, mutate: (doc: Document) => void, options: { signResponse?: boolean } = {}): string {
  const doc = parse(decodeSaml(b64));
  for (const sig of byName(doc, dsig, 'Signature')) sig.parentNode!.removeChild(sig);
  mutate(doc);
  let xml = serialize(doc);
  if (byName(doc, samlNs, 'Assertion').length > 0) xml = sign(xml, key, "/*[local-name(.)='Response']/*[local-name(.)='Assertion']");
  if (options.signResponse ?? true) xml = sign(xml, key, "/*[local-name(.)='Response']");
  return encodeSaml(xml);
}

function sign(xml: string, key: SigningKey, elementXpath: string): string {
  const sig = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certificatePem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: elementXpath,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `${elementXpath}/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

/** A self-signed key and certificate that no provider is configured with. */
export function otherSigningKey(): SigningKey {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-saml-key-'));
  try {
    const run = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', '/CN=Not the IdP',
      '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem')], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    return { privateKeyPem: fs.readFileSync(path.join(dir, 'k.pem'), 'utf8'), certificatePem: fs.readFileSync(path.join(dir, 'c.pem'), 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export type XswShape =
  /** XSW3: an evil unsigned assertion inserted before the signed one, as its sibling. */
  | 'evil-sibling-before'
  /** XSW4: the evil assertion replaces the signed one and wraps it as a child. */
  | 'evil-wraps-signed'
  /** XSW7/8-like: the evil assertion takes the signed one's place, ID and Signature; the signed one hides in samlp:Extensions. */
  | 'same-id-signed-in-extensions'
  /** XSW1: a new Response carrying the original signature; the signed Response hides inside that signature's ds:Object. */
  | 'response-wrapped-in-signature-object';

/**
 * Builds a signature-wrapping variant of a genuine, signed response: the signed
 * bytes still verify, but a naive reader would take the evil assertion (NameID
 * `evilNameId`) instead.
 */
export function wrapSignature(b64: string, shape: XswShape, evilNameId = 'u-evil'): string {
  const doc = parse(decodeSaml(b64));
  const response = doc.documentElement;
  const signed = first(doc, 'saml', 'Assertion');
  const evil = signed.cloneNode(true) as Element;
  byName(evil, samlNs, 'NameID')[0]!.textContent = evilNameId;
  const evilSignature = Array.from(evil.childNodes).find((n) => (n as Element).localName === 'Signature' && (n as Element).namespaceURI === dsig);

  if (shape === 'same-id-signed-in-extensions') {
    // Keep the copied Signature and the same ID: the signature now "belongs" to the evil one.
    const extensions = doc.createElementNS(samlpNs, 'samlp:Extensions');
    response.insertBefore(extensions, byName(doc, samlpNs, 'Status')[0] ?? signed);
    response.replaceChild(evil, signed);
    extensions.appendChild(signed);
  } else {
    if (evilSignature) evil.removeChild(evilSignature);
    evil.setAttribute('ID', `_evil${Date.now()}`);
    if (shape === 'evil-sibling-before') response.insertBefore(evil, signed);
    else if (shape === 'evil-wraps-signed') {
      response.replaceChild(evil, signed);
      evil.appendChild(signed);
    } else {
      const responseSignature = Array.from(response.childNodes).find((n) => (n as Element).localName === 'Signature') as Element | undefined;
      if (!responseSignature) throw new Error('response-wrapped-in-signature-object needs a signed Response');
      const original = response.cloneNode(true) as Element;
      // As in the classic attack, the hidden copy loses its enveloped signature (its digest is unaffected).
      const copiedSignature = Array.from(original.childNodes).find((n) => (n as Element).localName === 'Signature');
      if (copiedSignature) original.removeChild(copiedSignature);
      // The new outer Response: same as the original but with the evil assertion, a new ID, and
      // the original's Signature, whose ds:Object now holds the original, signed Response.
      response.replaceChild(evil, signed);
      response.setAttribute('ID', `_evilresponse${Date.now()}`);
      const object = doc.createElementNS(dsig, 'ds:Object');
      object.appendChild(original);
      responseSignature.appendChild(object);
    }
  }
  return encodeSaml(serialize(doc));
}
