/** The outbound address policy for URLs entered by tenant admins: every range, IPv6 forms, the allow list, names. */
import type { LookupAddress } from 'node:dns';
import { classifyAddress, createOutboundAddressPolicy, parseAllowList, type AddressClass } from '../../src/pbx/outbound-address-policy';
import { createOutboundGuard, OutboundAddressRefusedError, type ResolveAll } from '../../src/pbx/outbound-guard';

describe('classifyAddress', () => {
  test.each<[string, AddressClass]>([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'sharedAddressSpace'],
    ['100.127.255.255', 'sharedAddressSpace'],
    ['169.254.1.1', 'linkLocal'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['febf::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    // IPv4 inside IPv6: mapped (dotted and hex), compatible, NAT64, 6to4
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:169.254.169.254]', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:192.168.0.1', 'private'],
    ['::ffff:100.64.0.1', 'sharedAddressSpace'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['::ffff:224.0.0.1', 'multicast'],
    ['::ffff:255.255.255.255', 'broadcast'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:7f00:1::', 'loopback'],
    // public
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['172.15.255.255', 'public'],
    ['100.128.0.1', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  test('a text that is not an address is refused by name', () => {
    expect(() => classifyAddress('pbx.example.com')).toThrow('"pbx.example.com" is not an IP address');
  });
});

describe('policy by mode', () => {
  const multi = createOutboundAddressPolicy('multiTenant');
  const single = createOutboundAddressPolicy('singleTenant');

  test.each<[string, boolean, boolean]>([
    // address, allowed multi-tenant, allowed single-tenant
    ['8.8.8.8', true, true],
    ['10.0.0.5', false, true],
    ['172.20.1.1', false, true],
    ['192.168.1.10', false, true],
    ['100.64.0.1', false, true],
    ['fd12::1', false, true],
    ['127.0.0.1', false, false],
    ['::1', false, false],
    ['::ffff:127.0.0.1', false, false],
    ['0.0.0.0', false, false],
    ['169.254.169.254', false, false],
    ['169.254.10.10', false, false],
    ['fe80::1', false, false],
    ['224.0.0.1', false, false],
    ['255.255.255.255', false, false],
  ])('%s: multi-tenant %s, single-tenant %s', (address, inMulti, inSingle) => {
    expect(multi.verdict(address).allowed).toBe(inMulti);
    expect(single.verdict(address).allowed).toBe(inSingle);
  });

  test('a refusal names the class and the operator setting, and the typed address', () => {
    const v = multi.verdict('10.0.0.5');
    expect(v).toEqual({ allowed: false, addressClass: 'private', message: expect.stringContaining('10.0.0.5 is a private address') });
    expect(!v.allowed && v.message).toContain('PB_OUTBOUND_ALLOW');
    expect(!v.allowed && v.message).toContain('PB_ALLOW_NEW_TENANTS');
  });

  test('a refusal of a name says what it resolves to by class, without the internal address', () => {
    const v = multi.verdict('10.9.8.7', 'pbx.internal.example');
    expect(!v.allowed && v.message).toContain('pbx.internal.example resolves to a private address');
    expect(!v.allowed && v.message).not.toContain('10.9.8.7');
  });
});

describe('allow list (PB_OUTBOUND_ALLOW)', () => {
  const { list, problems } = parseAllowList('10.1.2.0/24, 127.0.0.1 fd00:1::/32,pbx.corp.example  *.voice.example');
  const policy = createOutboundAddressPolicy('multiTenant', list);

  test('parses CIDRs, addresses, names and suffixes', () => {
    expect(problems).toEqual([]);
    expect(list.cidrs).toHaveLength(3);
    expect(list.names).toEqual(['pbx.corp.example']);
    expect(list.suffixes).toEqual(['.voice.example']);
  });

  test.each<[string, string | undefined, boolean]>([
    ['10.1.2.7', undefined, true],
    ['::ffff:10.1.2.7', undefined, true],
    ['10.1.3.7', undefined, false],
    ['127.0.0.1', undefined, true],
    ['127.0.0.2', undefined, false],
    ['fd00:1::5', undefined, true],
    ['fd00:2::5', undefined, false],
    ['192.168.7.7', 'pbx.corp.example', true],
    ['192.168.7.7', 'PBX.corp.example.', true],
    ['192.168.7.7', 'other.corp.example', false],
    ['192.168.7.7', 'a.voice.example', true],
    ['192.168.7.7', 'voice.example.evil', false],
  ])('%s via %s: allowed %s', (address, host, allowed) => {
    expect(policy.verdict(address, host).allowed).toBe(allowed);
  });

  test('entries that are none of these are named', () => {
    expect(parseAllowList('10.0.0.0/33, not a_name, 10.0.0.0/8').problems).toEqual([
      expect.stringContaining('"10.0.0.0/33"'),
      expect.stringContaining('"a_name"'),
    ]);
  });
});

describe('the guard: names judged after resolution', () => {
  const fakeDns =
    (table: Record<string, string[]>): ResolveAll =>
    (hostname, _options, callback) => {
      const addresses = table[hostname];
      if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
      callback(
        null,
        addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    };
  const dns = fakeDns({
    'public.example': ['93.184.216.34'],
    'sneaky.example': ['127.0.0.1'],
    'metadata.example': ['169.254.169.254'],
    'mapped.example': ['::ffff:10.0.0.1'],
    'mixed.example': ['10.0.0.1', '93.184.216.34'],
  });
  const guard = createOutboundGuard(createOutboundAddressPolicy('multiTenant'), dns);

  const lookupOne = (host: string) =>
    new Promise<string>((resolve, reject) =>
      guard.lookup(host, {}, (error, address) => (error ? reject(error) : resolve(address as string))),
    );

  test.each([['sneaky.example'], ['metadata.example'], ['mapped.example']])('Setup refuses %s', async (host) => {
    await expect(guard.resolveAndCheck(host)).rejects.toBeInstanceOf(OutboundAddressRefusedError);
  });

  test('Setup refuses a name when any of its addresses is refused, and accepts a public one', async () => {
    await expect(guard.resolveAndCheck('mixed.example')).rejects.toThrow('mixed.example resolves to a private address');
    await expect(guard.resolveAndCheck('public.example')).resolves.toBeUndefined();
  });

  test('the connect-time lookup refuses a name resolving inside and keeps only allowed addresses', async () => {
    await expect(lookupOne('sneaky.example')).rejects.toThrow('sneaky.example resolves to a loopback address');
    await expect(lookupOne('mixed.example')).resolves.toBe('93.184.216.34');
    const all = await new Promise((resolve) => guard.lookup('mixed.example', { all: true }, (_e, addresses) => resolve(addresses)));
    expect(all).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  test('an address written as such is judged before any connect', () => {
    expect(() => guard.checkHost('[::ffff:127.0.0.1]')).toThrow(OutboundAddressRefusedError);
    expect(() => guard.checkHost('169.254.169.254')).toThrow('cloud metadata');
    expect(() => guard.checkHost('93.184.216.34')).not.toThrow();
    expect(() => guard.checkHost('sneaky.example')).not.toThrow(); // a name: the lookup judges it
  });

  test('fetch through the guarded dispatcher never reaches a loopback server', async () => {
    const { createServer } = await import('node:http');
    let reached = 0;
    const server = createServer((_req, res) => {
      reached++;
      res.end('secret loopback answer');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const { fetch } = await import('undici');
    const localDns = fakeDns({ 'rebound.example': ['127.0.0.1'] });
    const local = createOutboundGuard(createOutboundAddressPolicy('singleTenant'), localDns);
    try {
      for (const url of [`http://127.0.0.1:${port}/`, `http://rebound.example:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`]) {
        const error = await fetch(url, { dispatcher: local.dispatcher() }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect((error as { cause?: unknown }).cause).toBeInstanceOf(OutboundAddressRefusedError);
      }
      expect(reached).toBe(0);
    } finally {
      server.close();
    }
  });

  test('a redirect from an allowed address to a refused one is not followed there', async () => {
    const { createServer } = await import('node:http');
    let inside = 0;
    const refused = createServer((_req, res) => {
      inside++;
      res.end('metadata');
    });
    await new Promise<void>((r) => refused.listen(0, '127.0.0.2', r));
    const target = `http://127.0.0.2:${(refused.address() as { port: number }).port}/latest/meta-data/`;
    const allowed = createServer((_req, res) => {
      res.writeHead(302, { location: target });
      res.end();
    });
    await new Promise<void>((r) => allowed.listen(0, '127.0.0.1', r));
    const { fetch } = await import('undici');
    const onlyFirst = createOutboundGuard(createOutboundAddressPolicy('multiTenant', parseAllowList('127.0.0.1').list));
    try {
      const url = `http://127.0.0.1:${(allowed.address() as { port: number }).port}/presence`;
      const error = await fetch(url, { dispatcher: onlyFirst.dispatcher() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as { cause?: unknown }).cause).toBeInstanceOf(OutboundAddressRefusedError);
      expect(inside).toBe(0);
    } finally {
      await onlyFirst.close();
      allowed.close();
      refused.close();
    }
  });
});
