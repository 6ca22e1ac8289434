// Which SAML attributes carry e-mail, display name and groups. IdPs name them
// differently (LDAP-style names, OIDs with NameFormat uri, Microsoft claim URIs),
// so accept the common ones, in order of preference. Identity never rests on these:
// it is (issuer, NameID); they are profile data and the input to role mapping.

export const samlAttributeNames = {
  email: [
    'mail',
    'email',
    'emailAddress',
    'urn:oid:0.9.2342.19200300.100.1.3', // mail
    'urn:oid:1.2.840.113549.1.9.1', // pkcs9 emailAddress
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', // Entra ID, ADFS
  ],
  displayName: [
    'displayName',
    'urn:oid:2.16.840.1.113730.3.1.241', // displayName
    'http://schemas.microsoft.com/identity/claims/displayname', // Entra ID
    'cn',
    'urn:oid:2.5.4.3', // cn
    'name',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  ],
  /** Every one present contributes (a union): an admin maps group names to roles. */
  groups: [
    'groups',
    'memberOf',
    'isMemberOf',
    'urn:oid:1.3.6.1.4.1.5923.1.5.1.1', // isMemberOf
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', // Entra ID, ADFS
    'eduPersonAffiliation',
    'urn:oid:1.3.6.1.4.1.5923.1.1.1.1', // eduPersonAffiliation
  ],
} as const;

export type SamlAttributes = Record<string, unknown>;

/** The plain string values of one attribute (complex values are ignored). */
function values(attributes: SamlAttributes, name: string): string[] {
  const raw = attributes[name];
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
}

function first(attributes: SamlAttributes, names: readonly string[]): string | undefined {
  for (const name of names) {
    const [value] = values(attributes, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function mapSamlAttributes(attributes: SamlAttributes): { email?: string; displayName?: string; groups: string[] } {
  const email = first(attributes, samlAttributeNames.email)?.toLowerCase();
  const displayName = first(attributes, samlAttributeNames.displayName);
  // Sorted, without duplicates: the order IdPs send carries no meaning.
  const groups = [...new Set(samlAttributeNames.groups.flatMap((name) => values(attributes, name)))].sort();
  return { ...(email ? { email } : {}), ...(displayName ? { displayName } : {}), groups };
}
