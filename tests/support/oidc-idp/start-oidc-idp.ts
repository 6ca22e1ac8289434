// A real OpenID Connect provider on loopback for tests: npm `oidc-provider`
// (the certified implementation), authorization code flow with PKCE required,
// its own login and consent pages. Test users carry e-mail, name and groups.
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

/** `emailVerified` is what the provider says in `email_verified` (true when left out). */
export type OidcTestUser = { login: string; email: string; name: string; groups: string[]; emailVerified?: boolean };

export type OidcIdp = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  users: OidcTestUser[];
  stop(): Promise<void>;
};

export const defaultOidcUsers: OidcTestUser[] = [
  { login: 'frontdesk.alice', email: 'alice@hospital.test', name: 'Alice Frontdesk', groups: ['imaging-frontdesk'] },
  { login: 'admin.bob', email: 'bob@hospital.test', name: 'Bob Admin', groups: ['imaging-admins', 'imaging-frontdesk'] },
  { login: 'nobody.carol', email: 'carol@hospital.test', name: 'Carol Nogroup', groups: [] },
  { login: 'dr.erin', email: 'erin@hospital.test', name: 'Dr Erin Specialist', groups: ['imaging-clinicians'] },
  // An address outside the domain TGH's admin declared (hospital.test): it counts only once confirmed by code.
  { login: 'dr.frank', email: 'frank@clinic-elsewhere.test', name: 'Dr Frank Elsewhere', groups: ['imaging-clinicians'] },
];

export async function startOidcIdp(options: {
  port: number;
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
  users?: OidcTestUser[];
}): Promise<OidcIdp> {
  const { default: Provider } = await import('oidc-provider');
  const users = options.users ?? defaultOidcUsers;
  const issuer = `http://localhost:${options.port}`;
  const clientId = options.clientId ?? 'scanshare-test';
  const clientSecret = options.clientSecret ?? 'scanshare-test-secret-with-enough-length';
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'test-key' };

  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    // next-auth v4 reads e-mail and name from the ID token itself.
    conformIdTokenClaims: false,
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      const user = users.find((u) => u.login === sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, email: user.email, email_verified: user.emailVerified ?? true, name: user.name, groups: user.groups };
        },
      };
    },
  });
  provider.proxy = false;
  // Quiet: the provider logs every dev interaction to the console otherwise.
  provider.on('server_error', (_ctx, err) => console.error('[oidc-idp]', err.message));

  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    issuer,
    clientId,
    clientSecret,
    users,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
