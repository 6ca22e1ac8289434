// Signs in at the test OIDC provider (start-oidc-idp.ts) without a browser, the way
// next-auth does it as a relying party: openid-client (next-auth v4's own library)
// builds the authorization request (PKCE, state, nonce), we fill in the provider's real
// login and consent pages, and openid-client redeems the code and verifies the ID
// token. Returns its claims: what next-auth hands the signIn callback as `profile`.
import { generators, Issuer } from 'openid-client';
import { IdpCookieJar } from '../saml-idp/sign-in-at-idp';
import type { OidcIdp } from './start-oidc-idp';

function formOf(html: string, base: string): { action: string; prompt: string } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !prompt) throw new Error(`no interaction form at ${base}: ${html.slice(0, 300)}`);
  return { action: new URL(action.replace(/&amp;/g, '&'), base).toString(), prompt };
}

export async function oidcClaimsAfterSignIn(idp: Pick<OidcIdp, 'issuer' | 'clientId' | 'clientSecret'>, redirectUri: string, login: string): Promise<Record<string, unknown>> {
  const issuer = await Issuer.discover(idp.issuer);
  const client = new issuer.Client({ client_id: idp.clientId, client_secret: idp.clientSecret, redirect_uris: [redirectUri], response_types: ['code'] });
  const codeVerifier = generators.codeVerifier();
  const state = generators.state();
  const nonce = generators.nonce();
  let url = client.authorizationUrl({ scope: 'openid email profile groups', code_challenge: generators.codeChallenge(codeVerifier), code_challenge_method: 'S256', state, nonce });
  let init: RequestInit = {};
  const jar = new IdpCookieJar();
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(redirectUri)) {
      const tokens = await client.callback(redirectUri, client.callbackParams(url), { code_verifier: codeVerifier, state, nonce });
      return tokens.claims() as Record<string, unknown>;
    }
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
    jar.store(res);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).toString();
      init = {};
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`OIDC provider answered ${res.status} at ${url}: ${html.slice(0, 300)}`);
    const form = formOf(html, url);
    const fields: Record<string, string> = form.prompt === 'login' ? { prompt: 'login', login, password: 'any' } : { prompt: form.prompt };
    url = form.action;
    init = { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('too many hops at the OIDC provider');
}
