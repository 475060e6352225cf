/**
 * Whether a request came straight from this machine: what demo mode's token route demands, since its tokens
 * make the caller an admin. The peer address alone is not enough: a reverse proxy on this machine (or a browser
 * page whose DNS name was rebound to 127.0.0.1) also connects from loopback. So the request must also carry no
 * header a proxy adds when it relays, be addressed to a loopback host, and, when a browser says which page sent
 * it, come from a loopback page.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Headers proxies and load balancers add to a relayed request (RFC 7239, the X-Forwarded family, CDNs, IIS ARR, Envoy). */
export const FORWARDING_HEADERS = [
  'forwarded',
  'via',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-server',
  'x-original-forwarded-for',
  'x-original-host',
  'x-original-url',
  'x-real-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'x-arr-ssl',
  'x-arr-log-id',
  'x-envoy-external-address',
] as const;

export function isLoopbackAddress(address: string | undefined): boolean {
  return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address ?? '');
}

/** A Host header (or URL host) naming this machine: localhost, 127.x.x.x or [::1], with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(:\d{1,5})?$/.exec(host.trim().toLowerCase());
  if (!match) return false;
  const name = match[1].replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || isLoopbackAddress(name);
}

function isLoopbackOrigin(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).host);
  } catch {
    return false;
  }
}

/** Why a request did not come straight from this machine, or undefined when it did. */
export function notDirectlyLocal(remoteAddress: string | undefined, headers: IncomingHttpHeaders): string | undefined {
  if (!isLoopbackAddress(remoteAddress)) return `it came from ${remoteAddress ?? 'an unknown address'}, not from this machine`;
  const forwarded = FORWARDING_HEADERS.find((name) => headers[name] !== undefined);
  if (forwarded) return `it was relayed by a proxy (it carries ${forwarded})`;
  if (!isLoopbackHost(headers.host))
    return `it is addressed to ${JSON.stringify(headers.host ?? '')}, not to this machine's loopback address`;
  const page = headers.origin ?? headers.referer;
  if (page !== undefined && page !== 'null' && !isLoopbackOrigin(page))
    return `it was sent from a page at ${JSON.stringify(page.slice(0, 100))}`;
  if (headers.origin === 'null') return 'it was sent from an opaque origin';
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `the browser marks it as ${site}`;
  return undefined;
}
