// Writes a private simplesamlphp configuration (SIMPLESAMLPHP_CONFIG_DIR) for one
// test run: the IdP hosted on loopback, its signing key, the exampleauth
// username/password source with the test users, and our SP(s) registered from
// the same sp-config functions the app uses. Settings go in as JSON that small PHP
// files decode, so no value ever has to be escaped into PHP source.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { samlSpConfig } from '@/lib/auth/saml/sp-config';
import type { SamlTestUser } from './saml-test-users';

export type SpRegistration = {
  providerId: string;
  publicOrigin: string;
  /** Sign the whole Response as well as the Assertion (simplesamlphp's default: true). */
  signResponse?: boolean;
  /** `oid`: attributes named by OID (urn:oid:…, NameFormat uri), as many academic IdPs send them. */
  attributeNames?: 'basic' | 'oid';
};

export const persistentNameIdFormat = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

const phpFromJson = (variable: string, jsonFile: string) =>
  `<?php\n$${variable} = json_decode(file_get_contents(__DIR__ . '/${jsonFile}'), true, 512, JSON_THROW_ON_ERROR);\n`;

export function writeIdpConfig(options: {
  dir: string;
  baseUrl: string;
  entityId: string;
  users: SamlTestUser[];
  spProviders: SpRegistration[];
}): void {
  const { dir, baseUrl, entityId } = options;
  for (const sub of ['metadata', 'cert', 'log', 'data', 'tmp', 'sessions']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const write = (file: string, content: string) => fs.writeFileSync(path.join(dir, file), content);

  write('config.json', JSON.stringify({
    baseurlpath: `${baseUrl}/`,
    certdir: path.join(dir, 'cert'),
    loggingdir: path.join(dir, 'log'),
    datadir: path.join(dir, 'data'),
    tempdir: path.join(dir, 'tmp'),
    metadatadir: path.join(dir, 'metadata'),
    attributenamemapdir: '/usr/share/simplesamlphp/config/attributemap/',
    secretsalt: randomBytes(24).toString('hex'),
    'auth.adminpassword': randomBytes(24).toString('hex'),
    technicalcontact_name: 'ScanShare tests',
    technicalcontact_email: 'tests@scanshare.test',
    timezone: 'UTC',
    'enable.saml20-idp': true,
    'module.enable': { exampleauth: true, core: true, saml: true },
    'store.type': 'phpsession',
    'session.phpsession.savepath': path.join(dir, 'sessions'),
    // Plain http on loopback: Secure cookies would never come back, and
    // SameSite=None without Secure is dropped by Chromium.
    'session.cookie.secure': false,
    'session.cookie.samesite': null,
    'language.cookie.secure': false,
    'language.cookie.samesite': null,
    'logging.handler': 'file',
    'logging.logfile': 'simplesamlphp.log',
    'logging.level': 5, // NOTICE
    showerrors: true,
    errorreporting: false,
    'admin.checkforupdates': false,
    production: true,
  }));
  write('config.php', phpFromJson('config', 'config.json'));

  const userPass: Record<string, Record<string, string[]>> = {};
  for (const u of options.users) {
    const attributes: Record<string, string[]> = { uid: [u.uid], mail: [u.email], displayName: [u.displayName] };
    if (u.groups.length > 0) attributes.isMemberOf = u.groups;
    userPass[`${u.username}:${u.password}`] = attributes;
  }
  write('authsources.json', JSON.stringify({
    admin: ['core:AdminPassword'],
    'test-users': { 0: 'exampleauth:UserPass', ...userPass },
  }));
  write('authsources.php', phpFromJson('config', 'authsources.json'));

  write('metadata/idp-hosted.json', JSON.stringify({
    [entityId]: {
      host: '__DEFAULT__',
      privatekey: 'idp.key',
      certificate: 'idp.crt',
      auth: 'test-users',
      'signature.algorithm': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      // A stable NameID from the uid attribute, never the e-mail.
      authproc: { 90: { class: 'saml:AttributeNameID', Format: persistentNameIdFormat, attribute: 'uid' } },
    },
  }));
  write('metadata/saml20-idp-hosted.php', phpFromJson('metadata', 'idp-hosted.json'));

  const spRemote: Record<string, unknown> = {};
  for (const sp of options.spProviders) {
    const { entityId: spEntityId, acsUrl } = samlSpConfig(sp.providerId, sp.publicOrigin);
    spRemote[spEntityId] = {
      AssertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: acsUrl }],
      NameIDFormat: persistentNameIdFormat,
      'saml20.sign.assertion': true,
      'saml20.sign.response': sp.signResponse ?? true,
      ...(sp.attributeNames === 'oid'
        ? { 'attributes.NameFormat': 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri', authproc: { 95: { class: 'core:AttributeMap', 0: 'name2oid' } } }
        : {}),
    };
  }
  write('metadata/sp-remote.json', JSON.stringify(spRemote));
  write('metadata/saml20-sp-remote.php', phpFromJson('metadata', 'sp-remote.json'));
}
