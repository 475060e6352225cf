/**
 * Which addresses a URL entered by a tenant admin (Setup) may reach. Without it, "test connector" would let
 * an admin call this machine's own loopback services, the cloud's metadata service or the private network
 * the service runs in. Pure: it judges an address (and the host name it came from); resolving names and
 * refusing connections is outbound-guard.ts's business.
 *
 * - multiTenant (PB_ALLOW_NEW_TENANTS=true): only public addresses.
 * - singleTenant: the admin runs the deployment, and an on-premises PBX on a private address is normal;
 *   loopback, link-local, metadata, multicast, broadcast and reserved addresses are still refused.
 * In both, the operator's PB_OUTBOUND_ALLOW (CIDRs, addresses, host names, *.domain) wins.
 */
import { isIP } from 'node:net';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'sharedAddressSpace'
  | 'linkLocal'
  | 'metadata'
  | 'uniqueLocal'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

export const ADDRESS_CLASS_WORDS: Readonly<Record<AddressClass, string>> = Object.freeze({
  public: 'a public address',
  loopback: 'a loopback address (127.0.0.0/8, ::1: this machine itself)',
  unspecified: 'an unspecified address (0.0.0.0/8, ::)',
  private: 'a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
  sharedAddressSpace: 'a carrier-grade NAT address (100.64.0.0/10)',
  linkLocal: 'a link-local address (169.254.0.0/16, fe80::/10)',
  metadata: "a cloud metadata service's address (e.g. 169.254.169.254)",
  uniqueLocal: 'a unique local IPv6 address (fc00::/7)',
  multicast: 'a multicast address (224.0.0.0/4, ff00::/8)',
  broadcast: 'the broadcast address (255.255.255.255)',
  reserved: 'a reserved or documentation address',
});

export type OutboundPolicyMode = 'multiTenant' | 'singleTenant';

/** What a tenant admin may not reach in each mode unless the operator allows it. */
const REFUSED: Readonly<Record<OutboundPolicyMode, ReadonlySet<AddressClass>>> = {
  multiTenant: new Set<AddressClass>([
    'loopback',
    'unspecified',
    'private',
    'sharedAddressSpace',
    'linkLocal',
    'metadata',
    'uniqueLocal',
    'multicast',
    'broadcast',
    'reserved',
  ]),
  singleTenant: new Set<AddressClass>(['loopback', 'unspecified', 'linkLocal', 'metadata', 'multicast', 'broadcast', 'reserved']),
};

interface Cidr {
  bytes: Uint8Array;
  bits: number;
}

/** First match wins: the narrower ranges come before the ranges that contain them. */
const IPV4_RANGES: ReadonlyArray<[AddressClass, string]> = [
  ['metadata', '169.254.169.254/32'],
  ['metadata', '169.254.170.2/32'],
  ['metadata', '100.100.100.200/32'],
  ['broadcast', '255.255.255.255/32'],
  ['unspecified', '0.0.0.0/8'],
  ['loopback', '127.0.0.0/8'],
  ['private', '10.0.0.0/8'],
  ['private', '172.16.0.0/12'],
  ['private', '192.168.0.0/16'],
  ['sharedAddressSpace', '100.64.0.0/10'],
  ['linkLocal', '169.254.0.0/16'],
  ['multicast', '224.0.0.0/4'],
  ['reserved', '240.0.0.0/4'],
  ['reserved', '192.0.0.0/24'],
  ['reserved', '192.0.2.0/24'],
  ['reserved', '198.18.0.0/15'],
  ['reserved', '198.51.100.0/24'],
  ['reserved', '203.0.113.0/24'],
];

const IPV6_RANGES: ReadonlyArray<[AddressClass, string]> = [
  ['metadata', 'fd00:ec2::254/128'],
  ['unspecified', '::/128'],
  ['loopback', '::1/128'],
  ['linkLocal', 'fe80::/10'],
  ['reserved', 'fec0::/10'],
  ['uniqueLocal', 'fc00::/7'],
  ['multicast', 'ff00::/8'],
  ['reserved', '100::/64'],
  ['reserved', '2001:db8::/32'],
];

/** IPv6 forms that carry an IPv4 address, and where its 4 bytes are: mapped, compatible, NAT64, 6to4. */
const IPV4_IN_IPV6: ReadonlyArray<[string, number]> = [
  ['::ffff:0:0/96', 12],
  ['::/96', 12],
  ['64:ff9b::/96', 12],
  ['64:ff9b:1::/48', 12],
  ['2002::/16', 2],
];

const PARSED_V4 = IPV4_RANGES.map(([c, r]) => [c, parseCidr(r)] as const);
const PARSED_V6 = IPV6_RANGES.map(([c, r]) => [c, parseCidr(r)] as const);
const PARSED_EMBEDDINGS = IPV4_IN_IPV6.map(([r, at]) => [parseCidr(r), at] as const);

/** The address's bytes (4 or 16), or undefined when `text` is not an IP address. Brackets and a zone id are dropped. */
export function parseIp(text: string): Uint8Array | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return Uint8Array.from(bare.split('.').map(Number));
  if (version !== 6) return undefined;
  let body = bare.toLowerCase();
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    const v4 = dotted[2].split('.').map(Number);
    body = `${dotted[1]}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const [head, tail] = body.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[2 * i] = n >> 8;
    bytes[2 * i + 1] = n & 0xff;
  });
  return bytes;
}

function parseCidr(text: string): Cidr {
  const [address, bitsText] = text.split('/');
  const bytes = parseIp(address);
  if (!bytes) throw new Error(`not an address: ${address}`);
  const bits = bitsText === undefined ? bytes.length * 8 : Number(bitsText);
  if (!/^\d*$/.test(bitsText ?? '') || bits < 0 || bits > bytes.length * 8) throw new Error(`not a prefix length: ${bitsText}`);
  return { bytes, bits };
}

function inCidr(bytes: Uint8Array, cidr: Cidr): boolean {
  if (bytes.length !== cidr.bytes.length) return false;
  const whole = Math.floor(cidr.bits / 8);
  for (let i = 0; i < whole; i++) if (bytes[i] !== cidr.bytes[i]) return false;
  const rest = cidr.bits % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (bytes[whole] & mask) === (cidr.bytes[whole] & mask);
}

/** The IPv4 address an IPv6 one stands for (mapped, compatible, NAT64, 6to4), else the address itself. */
function effective(bytes: Uint8Array): Uint8Array {
  if (bytes.length !== 16) return bytes;
  // :: and ::1 sit inside ::/96 but are IPv6's own unspecified and loopback addresses.
  if (PARSED_V6.some(([c, cidr]) => (c === 'unspecified' || c === 'loopback') && inCidr(bytes, cidr))) return bytes;
  for (const [cidr, at] of PARSED_EMBEDDINGS) if (inCidr(bytes, cidr)) return bytes.slice(at, at + 4);
  return bytes;
}

/** The class of an IP address (any textual form Node accepts); throws for a text that is not one. */
export function classifyAddress(address: string): AddressClass {
  const bytes = parseIp(address);
  if (!bytes) throw new Error(`"${address}" is not an IP address`);
  const e = effective(bytes);
  const table = e.length === 4 ? PARSED_V4 : PARSED_V6;
  return table.find(([, cidr]) => inCidr(e, cidr))?.[0] ?? 'public';
}

/** PB_OUTBOUND_ALLOW: CIDRs, single addresses, host names and *.domain suffixes, separated by commas or spaces. */
export interface OutboundAllowList {
  readonly cidrs: readonly Cidr[];
  readonly names: readonly string[];
  readonly suffixes: readonly string[];
}

export const EMPTY_ALLOW_LIST: OutboundAllowList = Object.freeze({ cidrs: [], names: [], suffixes: [] });

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Parses the allow list; `problems` names every entry that is neither a CIDR, an address nor a host name. */
export function parseAllowList(text: string | undefined): { list: OutboundAllowList; problems: string[] } {
  const cidrs: Cidr[] = [];
  const names: string[] = [];
  const suffixes: string[] = [];
  const problems: string[] = [];
  for (const raw of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const entry = raw.toLowerCase().replace(/\.$/, '');
    const address = entry.split('/')[0];
    if (parseIp(address)) {
      try {
        cidrs.push(parseCidr(entry.replace(/^\[(.*)\]/, '$1')));
      } catch {
        problems.push(`"${raw}" has a prefix length that does not fit its address`);
      }
    } else if (entry.startsWith('*.') && HOST_NAME.test(entry.slice(2))) {
      suffixes.push(entry.slice(1));
    } else if (HOST_NAME.test(entry) && !/^[\d.]+$/.test(entry)) {
      names.push(entry);
    } else {
      problems.push(`"${raw}" is neither a CIDR (10.1.2.0/24, fd00::/8), an address, a host name nor *.domain`);
    }
  }
  return { list: Object.freeze({ cidrs, names, suffixes }), problems };
}

export type AddressVerdict =
  { allowed: true; addressClass: AddressClass } | { allowed: false; addressClass: AddressClass; message: string };

export interface OutboundAddressPolicy {
  readonly mode: OutboundPolicyMode;
  /** Whether a connection to `address` (reached through the host name `host`, as entered) is allowed. */
  verdict(address: string, host?: string): AddressVerdict;
}

export const ALLOW_SETTING = 'PB_OUTBOUND_ALLOW';

export function createOutboundAddressPolicy(mode: OutboundPolicyMode, allow: OutboundAllowList = EMPTY_ALLOW_LIST): OutboundAddressPolicy {
  const nameAllowed = (host: string | undefined): boolean => {
    if (host === undefined || parseIp(host)) return false;
    const name = host.toLowerCase().replace(/\.$/, '');
    return allow.names.includes(name) || allow.suffixes.some((s) => name.endsWith(s));
  };
  return Object.freeze({
    mode,
    verdict(address: string, host?: string): AddressVerdict {
      const addressClass = classifyAddress(address);
      if (!REFUSED[mode].has(addressClass) || nameAllowed(host)) return { allowed: true, addressClass };
      const bytes = parseIp(address)!;
      const e = effective(bytes);
      if (allow.cidrs.some((c) => inCidr(bytes, c) || inCidr(e, c))) return { allowed: true, addressClass };
      return { allowed: false, addressClass, message: refusalMessage(mode, addressClass, address, host) };
    },
  });
}

/**
 * The refusal in words. A host name's resolved address is not quoted: in a shared deployment that would
 * turn Setup into a look-up service for the internal DNS.
 */
function refusalMessage(mode: OutboundPolicyMode, addressClass: AddressClass, address: string, host: string | undefined): string {
  const typedAddress = host === undefined || parseIp(host) !== undefined;
  const what = typedAddress
    ? `${address} is ${ADDRESS_CLASS_WORDS[addressClass]}`
    : `${host} resolves to ${ADDRESS_CLASS_WORDS[addressClass]}`;
  const who =
    mode === 'multiTenant'
      ? 'in a deployment shared by several tenants (PB_ALLOW_NEW_TENANTS=true), addresses entered in Setup must be public'
      : "addresses entered in Setup may not reach this machine or the cloud's own services";
  return `${what}: ${who}. Fix: use the PBX's public address or name, or ask the operator to add the address or host name to ${ALLOW_SETTING}.`;
}

/** The policy for the URLs this deployment's tenant admins enter: shared deployments allow public addresses only. */
export function outboundPolicyFor(settings: { allowNewTenants: boolean; outboundAllow?: OutboundAllowList }): OutboundAddressPolicy {
  return createOutboundAddressPolicy(settings.allowNewTenants ? 'multiTenant' : 'singleTenant', settings.outboundAllow);
}
