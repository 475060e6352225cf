import { createConnector } from '../../../src/pbx/create-connector';
import { createLogger } from '../../../src/logger';
import { SipConnector } from '../../../src/pbx/sip';
import { SipSettingsError } from '../../../src/pbx/sip/sip-errors';
import { sipAddressFromUrl } from '../../../src/pbx/sip/sip-pbx-url';

describe('PB_PBX_URL for the SIP connector', () => {
  test.each([
    ['sip://pbx.example.com', { pbxHost: 'pbx.example.com', pbxPort: 5060, transport: 'udp' }],
    ['sip://pbx.example.com:5080?transport=udp', { pbxHost: 'pbx.example.com', pbxPort: 5080, transport: 'udp' }],
    ['sip://10.0.0.2:5060?transport=tcp', { pbxHost: '10.0.0.2', pbxPort: 5060, transport: 'tcp' }],
    ['sip://10.0.0.2?transport=TCP', { pbxHost: '10.0.0.2', pbxPort: 5060, transport: 'tcp' }],
  ])('%s', (url, expected) => {
    expect(sipAddressFromUrl(new URL(url))).toEqual(expected);
  });

  test.each([
    [
      'sip://pbx.example.com?transport=ws',
      /PB_PBX_URL: transport "ws" is not supported; allowed: udp, tcp \(default udp\)\. Fix: e\.g\. sip:\/\/pbx\.example\.com:5060\?transport=tcp/,
    ],
    ['sip://pbx.example.com?transport=', /PB_PBX_URL: transport "" is not supported; allowed: udp, tcp/],
    ['sips://pbx.example.com:5061', /PB_PBX_URL: sips:\/\/ \(SIP over TLS\) is not supported/],
  ])('refuses %s, naming PB_PBX_URL and what is allowed', (url, message) => {
    expect(() => sipAddressFromUrl(new URL(url))).toThrow(SipSettingsError);
    expect(() => sipAddressFromUrl(new URL(url))).toThrow(message);
  });

  test('createConnector builds a SIP connector over TCP from ?transport=tcp, and over UDP without it', () => {
    const logger = createLogger('silent');
    const tcp = createConnector('t1', { connector: 'sip', url: 'sip://pbx.example.com:5070?transport=tcp' }, logger) as SipConnector;
    expect(tcp.settings).toMatchObject({ pbxHost: 'pbx.example.com', pbxPort: 5070, transport: 'tcp' });
    const udp = createConnector('t1', { connector: 'sip', url: 'sip://pbx.example.com' }, logger) as SipConnector;
    expect(udp.settings).toMatchObject({ pbxHost: 'pbx.example.com', pbxPort: 5060, transport: 'udp' });
    expect(() => createConnector('t1', { connector: 'sip', url: 'sip://pbx.example.com?transport=sctp' }, logger)).toThrow(
      /PB_PBX_URL: transport "sctp"/,
    );
  });
});
