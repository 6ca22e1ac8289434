// SECURITY-CRITICAL: which address a request came from, for the audit log and for
// per-client limits. X-Forwarded-For is written by whoever sent the request, so only
// the hops that our own proxies appended are believed: the list is read from the
// right, starting at the socket's peer (stamped by scripts/portal-server.mjs), and
// the first address not in front of us as a trusted proxy is the client. What comes
// out is a validated, normalised IPv4 or IPv6 address, or null: never request text.
import { BlockList, isIP } from 'node:net';

/** Who counts as our own proxy: the nearest `hops` addresses, and any address in `blockList`. */
export type ProxyTrust = { hops: number; addresses: BlockList; hasAddresses: boolean };

export const trustNoProxy: ProxyTrust = { hops: 0, addresses: new BlockList(), hasAddresses: false };

/**
 * A textual address in canonical form: IPv4 dotted quad; IPv6 lower case and
 * compressed (RFC 5952, as the WHATWG URL parser writes it); an IPv4-mapped IPv6
 * address as its IPv4 address. Accepts what proxies write into X-Forwarded-For:
 * `[v6]`, `[v6]:port`, `v4:port`, a zone suffix. Anything else: null.
 */
export function normalizeIp(value: string): string | null {
  let text = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  text = text.replace(/%[0-9A-Za-z_.-]{1,32}$/, ''); // zone id: meaningless off the host
  const family = isIP(text);
  if (family === 4) return text;
  if (family !== 6) return null;
  const canonical = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const high = parseInt(mapped[1]!, 16);
  const low = parseInt(mapped[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * Parses the operator's list of trusted proxies: addresses and CIDR ranges,
 * separated by commas or spaces (`10.0.0.0/8, 127.0.0.1, fd00::/8`). Throws with
 * the offending entry, so a typo stops the portal at start instead of trusting nothing
 * (or everything) in silence.
 */
export function parseTrustedProxyList(list: string): BlockList {
  const addresses = new BlockList();
  for (const entry of list.split(/[\s,]+/).filter(Boolean)) {
    const [address = '', prefixText, extra] = entry.split('/');
    const normalized = normalizeIp(address);
    const family = normalized ? (isIP(normalized) === 4 ? 'ipv4' : 'ipv6') : null;
    const maxPrefix = family === 'ipv4' ? 32 : 128;
    const prefix = prefixText === undefined ? maxPrefix : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!normalized || !family || extra !== undefined || !(prefix >= 0 && prefix <= maxPrefix)) {
      throw new Error(`"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)`);
    }
    addresses.addSubnet(normalized, prefix, family);
  }
  return addresses;
}

export function proxyTrust(options: { hops: number; list: string }): ProxyTrust {
  const addresses = parseTrustedProxyList(options.list);
  return { hops: options.hops, addresses, hasAddresses: options.list.trim() !== '' };
}

function isTrusted(address: string, position: number, trust: ProxyTrust): boolean {
  if (position < trust.hops) return true;
  return trust.hasAddresses && trust.addresses.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address. `peer` is the socket's remote address (null when unknown:
 * then nothing is believed); `forwardedFor` is every X-Forwarded-For value, joined.
 * Position 0 is the peer, 1 the last hop it appended, and so on leftwards; a
 * trusted position hands over to the one before it. A malformed hop where an
 * address is needed gives null: a trusted proxy writes addresses, so text there
 * came from the client.
 */
export function clientAddressFrom(peer: string | null, forwardedFor: string | null, trust: ProxyTrust): string | null {
  const peerAddress = peer === null ? null : normalizeIp(peer);
  if (peerAddress === null) return null;
  const hops = forwardedFor ? forwardedFor.split(',').reverse() : [];
  let current = peerAddress;
  for (let position = 0; position < hops.length; position++) {
    if (!isTrusted(current, position, trust)) return current;
    const next = normalizeIp(hops[position]!);
    if (next === null) return null;
    current = next;
  }
  return current;
}
