/** A PUBLISHed routing state expires unless refreshed, an htable flag stays: what a restart must write again. */
import { SipConnector } from '../../../src/pbx/sip';

describe('SIP connector: does our routing lapse without us?', () => {
  test.each([
    ['PIDF PUBLISH (the default)', {}, true],
    ['PUBLISH and the htable flag', { htableFlag: { rpcUrl: 'http://127.0.0.1:5071/RPC' } }, true],
    ['the htable flag only', { publishPresence: false, htableFlag: { rpcUrl: 'http://127.0.0.1:5071/RPC' } }, false],
  ])('%s', (_how, settings, lapses) => {
    const connector = new SipConnector({ tenantId: 't', pbxHost: '127.0.0.1', ...settings });
    expect(connector.capabilities().routingLapses).toBe(lapses);
  });
});
