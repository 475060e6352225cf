import type { IncomingHttpHeaders } from 'node:http';
import { FORWARDING_HEADERS, isLoopbackHost, notDirectlyLocal } from '../../src/http/local-caller';

const direct: IncomingHttpHeaders = { host: '127.0.0.1:3978', referer: 'http://127.0.0.1:3978/tab/', 'sec-fetch-site': 'same-origin' };

test.each<[string, string | undefined, IncomingHttpHeaders]>([
  ['the tab in a browser on this machine', '127.0.0.1', direct],
  ['curl on this machine', '127.0.0.1', { host: 'localhost:3978' }],
  ['over IPv6 loopback', '::1', { host: '[::1]:3978' }],
  [
    "Vite's dev server proxy",
    '::ffff:127.0.0.1',
    { host: 'localhost:5173', referer: 'http://localhost:5173/', 'sec-fetch-site': 'same-origin' },
  ],
])('%s is direct', (_name, address, headers) => {
  expect(notDirectlyLocal(address, headers)).toBeUndefined();
});

test.each<[string, string | undefined, IncomingHttpHeaders, RegExp]>([
  ['another machine', '10.0.0.5', direct, /came from 10\.0\.0\.5/],
  ['an unknown peer', undefined, direct, /came from an unknown address/],
  ['nginx with proxy_set_header Host $host', '127.0.0.1', { ...direct, host: 'pb.example.com' }, /addressed to "pb\.example\.com"/],
  [
    'a default nginx (upstream Host, browser outside)',
    '127.0.0.1',
    { ...direct, referer: 'https://pb.example.com/tab/' },
    /sent from a page at "https:\/\/pb\.example\.com/,
  ],
  ['a page on another site', '127.0.0.1', { host: '127.0.0.1:3978', origin: 'https://evil.example' }, /sent from a page at/],
  ['a DNS-rebound page', '127.0.0.1', { host: 'rebind.evil.example:3978' }, /addressed to/],
  ['a sandboxed page', '127.0.0.1', { host: '127.0.0.1:3978', origin: 'null' }, /opaque origin/],
  [
    'a cross-site fetch without a referrer',
    '127.0.0.1',
    { host: '127.0.0.1:3978', 'sec-fetch-site': 'cross-site' },
    /marks it as cross-site/,
  ],
  ['no Host header', '127.0.0.1', {}, /addressed to ""/],
  ...FORWARDING_HEADERS.map((name): [string, string, IncomingHttpHeaders, RegExp] => [
    `a proxy adding ${name}`,
    '127.0.0.1',
    { ...direct, [name]: '203.0.113.7' },
    new RegExp(`relayed by a proxy \\(it carries ${name}\\)`),
  ]),
])('%s is refused, saying why', (_name, address, headers, reason) => {
  expect(notDirectlyLocal(address, headers)).toMatch(reason);
});

test.each<[string | undefined, boolean]>([
  ['localhost', true],
  ['LOCALHOST:80', true],
  ['127.1.2.3:1', true],
  ['[::1]', true],
  ['[::1]:3978', true],
  ['localhost.evil.example', false],
  ['127.0.0.1.nip.io', false],
  ['[::2]:3978', false],
  ['127.0.0.1:3978:1', false],
  ['', false],
  [undefined, false],
])('Host %s names this machine: %s', (host, expected) => {
  expect(isLoopbackHost(host)).toBe(expected);
});
