// Signs in at the test IdP through its REAL login page, without a browser: follows
// the redirect to the IdP, fills in the username/password form, and collects the
// SAMLResponse that the IdP's auto-submitting page would POST to our ACS. Cookies
// are kept per jar, so a second sign-in with the same jar reuses the IdP session
// (as a browser would: no login page the second time).
export class IdpCookieJar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
}

export type IdpPostBack = {
  /** Where the IdP's page posts it (our ACS URL, as the IdP has it registered). */
  acsUrl: string;
  samlResponse: string;
  relayState?: string;
  /** Whether the login page was shown (false when the IdP session was reused). */
  loginPageShown: boolean;
};

export async function signInAtIdp(
  redirectUrl: string,
  credentials: { username: string; password: string },
  jar = new IdpCookieJar(),
): Promise<IdpPostBack> {
  let url = redirectUrl;
  let init: RequestInit = {};
  let loginPageShown = false;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
    jar.store(res);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).toString();
      init = {};
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`IdP answered ${res.status} at ${url}: ${html.slice(0, 500)}`);
    const forms = parseForms(html, url);
    const postBack = forms.find((f) => f.fields.SAMLResponse !== undefined);
    if (postBack) {
      return { acsUrl: postBack.action, samlResponse: postBack.fields.SAMLResponse!, ...(postBack.fields.RelayState ? { relayState: postBack.fields.RelayState } : {}), loginPageShown };
    }
    const login = forms.find((f) => f.hasPassword);
    if (!login) throw new Error(`Neither a login form nor a SAMLResponse at ${url}: ${html.slice(0, 500)}`);
    if (loginPageShown) throw new Error(`The IdP showed its login page again: wrong username or password for ${credentials.username}?`);
    loginPageShown = true;
    const body = new URLSearchParams({ ...login.fields, username: credentials.username, password: credentials.password });
    url = login.action;
    init = { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('Too many redirects at the IdP');
}

type Form = { action: string; fields: Record<string, string>; hasPassword: boolean };

/** Just enough HTML form reading for simplesamlphp's two pages (login, POST-back). */
function parseForms(html: string, pageUrl: string): Form[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, formAttrs, inner]) => {
    const action = new URL(decodeEntities(attr(formAttrs!, 'action') ?? ''), pageUrl).toString();
    const fields: Record<string, string> = {};
    let hasPassword = false;
    for (const [, inputAttrs] of inner!.matchAll(/<input\b([^>]*)>/gi)) {
      const type = (attr(inputAttrs!, 'type') ?? 'text').toLowerCase();
      const name = attr(inputAttrs!, 'name');
      if (type === 'password') hasPassword = true;
      if (type === 'hidden' && name) fields[name] = decodeEntities(attr(inputAttrs!, 'value') ?? '');
    }
    return { action, fields, hasPassword };
  });
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(attrs);
  return m ? (m[2] ?? m[3]) : undefined;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
