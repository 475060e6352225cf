import { formatNameAddr, parseNameAddr, parseValueWithParams, sipUriHostPort } from '../../../src/pbx/sip/name-addr';

describe('parseNameAddr', () => {
  test.each([
    ['<sip:1002@pbx>;tag=abc', { uri: 'sip:1002@pbx', params: { tag: 'abc' } }],
    [
      '"Alice, Sales" <sip:alice@pbx;transport=udp>;tag=9;expires=60',
      { display: 'Alice, Sales', uri: 'sip:alice@pbx;transport=udp', params: { tag: '9', expires: '60' } },
    ],
    ['Bob <sip:bob@pbx>', { display: 'Bob', uri: 'sip:bob@pbx', params: {} }],
    ['sip:carol@pbx;tag=x', { uri: 'sip:carol@pbx', params: { tag: 'x' } }],
    ['<sip:127.0.0.1:5060;lr;ftag=a;did=1.2>', { uri: 'sip:127.0.0.1:5060;lr;ftag=a;did=1.2', params: {} }],
  ])('%s', (value, expected) => {
    expect(parseNameAddr(value)).toEqual({ display: undefined, ...expected });
  });

  test('formats back what it read', () => {
    const address = parseNameAddr('"A \\"B\\"" <sip:a@b>;tag=1;lr');
    expect(parseNameAddr(formatNameAddr(address))).toEqual(address);
  });
});

test.each([
  ['active;expires=600', { value: 'active', params: { expires: '600' } }],
  ['terminated;reason=deactivated', { value: 'terminated', params: { reason: 'deactivated' } }],
  ['Terminated ; reason=probation ; retry-after=30', { value: 'terminated', params: { reason: 'probation', 'retry-after': '30' } }],
  ['pending', { value: 'pending', params: {} }],
])('parseValueWithParams(%s)', (value, expected) => {
  expect(parseValueWithParams(value)).toEqual(expected);
});

test.each([
  ['sip:1002@127.0.0.1:5060;transport=udp', { host: '127.0.0.1', port: 5060 }],
  ['sip:pbx.example.com', { host: 'pbx.example.com', port: undefined }],
  ['sips:a@[2001:db8::1]:5061', { host: '[2001:db8::1]', port: 5061 }],
])('sipUriHostPort(%s)', (uri, expected) => {
  expect(sipUriHostPort(uri)).toEqual(expected);
});
