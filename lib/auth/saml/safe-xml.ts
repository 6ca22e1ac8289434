// Strict XML reading for SAML messages and metadata, with the same parser node-saml
// uses (@xmldom/xmldom, queried with xpath). SAML never needs a DTD, so any
// DOCTYPE is refused outright (no entity tricks); every parser error or warning
// is fatal, so a half-parsed document is never trusted.
import { DOMParser } from '@xmldom/xmldom';
import xpath from 'xpath';

export const samlNamespaces = {
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export class XmlParseError extends Error {}

export function parseStrictXml(xml: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XmlParseError('XML with a DOCTYPE or entity declaration is not accepted');
  const problems: string[] = [];
  const record = (msg: string) => { problems.push(msg); };
  const doc = new DOMParser({ locator: {}, errorHandler: { warning: record, error: record, fatalError: record } }).parseFromString(xml, 'text/xml');
  if (problems.length > 0 || !doc?.documentElement) {
    throw new XmlParseError(`not well-formed XML: ${(problems[0] ?? 'no root element').replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  return doc as unknown as Document;
}

const select = xpath.useNamespaces(samlNamespaces);

/** Elements matching a namespaced XPath (prefixes: saml, samlp, md, ds). */
export function selectElements(expression: string, node: Node): Element[] {
  const result = select(expression, node);
  return Array.isArray(result) ? result.filter((n): n is Element => xpath.isElement(n)) : [];
}

/** Trimmed text of the first match, or undefined. */
export function selectText(expression: string, node: Node): string | undefined {
  const text = selectElements(expression, node)[0]?.textContent?.trim();
  return text ? text : undefined;
}

/** An attribute's value, or undefined when absent or empty. */
export function attribute(element: Element | undefined, name: string): string | undefined {
  const value = element?.getAttribute(name)?.trim();
  return value ? value : undefined;
}
