// Where a request came from, for the audit log: the client's address as our own
// trusted proxies reported it (lib/http/client-address.ts), never a header the
// client chose, and its user agent.
import type { RequestContext } from '@/lib/audit/record-audit';
import { env } from '@/lib/env';
import { clientAddressFrom, proxyTrust, type ProxyTrust } from './client-address';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { peerAddressHeader } = require('./peer-address-header.cjs') as { peerAddressHeader: string };

type HeaderSource = { get(name: string): string | null };

let trust: ProxyTrust | undefined;

function configuredTrust(): ProxyTrust {
  const e = env();
  trust ??= proxyTrust({ hops: e.TRUSTED_PROXY_HOPS, list: e.TRUSTED_PROXIES });
  return trust;
}

let warnedNoPeer = false;

export function requestContextFrom(headers: HeaderSource): RequestContext {
  const peer = headers.get(peerAddressHeader);
  if (peer === null && !warnedNoPeer) {
    warnedNoPeer = true;
    // Said once: under a plain `next start` no request carries its socket's address, and none can be believed.
    console.warn('[scanshare] requests carry no socket address: start the portal with scripts/portal-server.mjs (npm start does); client addresses are recorded empty');
  }
  const clientIp = clientAddressFrom(peer, headers.get('x-forwarded-for'), configuredTrust());
  return { clientIp, userAgent: headers.get('user-agent') };
}
