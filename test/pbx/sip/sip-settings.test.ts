import { parseSipConnectorSettings } from '../../../src/pbx/sip/sip-settings';
import { SipSettingsError } from '../../../src/pbx/sip/sip-errors';

describe('parseSipConnectorSettings', () => {
  test('fills defaults: domain from the PBX host, 64*T1 transaction timeout; the result is frozen', () => {
    const settings = parseSipConnectorSettings({ tenantId: 't1', pbxHost: 'pbx.example.com' });
    expect(settings).toMatchObject({
      pbxPort: 5060,
      domain: 'pbx.example.com',
      localPort: 0,
      t1Ms: 500,
      transactionTimeoutMs: 32000,
      publishPresence: true,
      subscribeExpiresSec: 600,
      identityUser: 'presence-bridge',
      transport: 'udp',
    });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  test.each([
    ['no tenant', { pbxHost: 'pbx' }, /tenantId/],
    ['no PBX host', { tenantId: 't' }, /pbxHost/],
    ['a port out of range', { tenantId: 't', pbxHost: 'p', pbxPort: 70000 }, /pbxPort/],
    ['a too short subscription', { tenantId: 't', pbxHost: 'p', subscribeExpiresSec: 5 }, /subscribeExpiresSec/],
    ['no way to send routing', { tenantId: 't', pbxHost: 'p', publishPresence: false }, /publishPresence on or configure htableFlag/],
    ['a JSON-RPC URL that is not one', { tenantId: 't', pbxHost: 'p', htableFlag: { rpcUrl: 'not a url' } }, /htableFlag\.rpcUrl/],
    [
      'a transport other than udp and tcp',
      { tenantId: 't', pbxHost: 'p', transport: 'tls' },
      /transport: transport must be "udp" or "tcp"/,
    ],
    ['T2 below T1', { tenantId: 't', pbxHost: 'p', t1Ms: 500, t2Ms: 100 }, /t2Ms/],
    [
      'a digest password without a user name',
      { tenantId: 't', pbxHost: 'p', auth: { username: '', password: 'x' } },
      /auth\.username must not be empty \(PB_PBX_USERNAME\)/,
    ],
    [
      'a digest user name without a password',
      { tenantId: 't', pbxHost: 'p', auth: { username: 'pb', password: '' } },
      /auth\.password must not be empty \(PB_PBX_PASSWORD\)/,
    ],
  ])('rejects %s with a message naming the setting', (_, input, message) => {
    expect(() => parseSipConnectorSettings(input)).toThrow(SipSettingsError);
    expect(() => parseSipConnectorSettings(input)).toThrow(message);
  });
});
