import { ConnectorError } from '../../../src/pbx/connector';
import { AmiParser, field, serializeAction } from '../../../src/pbx/asterisk/ami-codec';

describe('AmiParser', () => {
  test('reads the banner, then messages split across chunks', () => {
    const parser = new AmiParser();
    expect(parser.feed('Asterisk Call Manager/5.0.3\r\nResponse: Success\r\nActionID: pb-1\r\n')).toEqual([]);
    expect(parser.banner).toBe('Asterisk Call Manager/5.0.3');
    const messages = parser.feed('Message: Authentication accepted\r\n\r\nEvent: FullyBooted\r\nStatus: Fully Booted\r\n\r\n');
    expect(messages).toEqual([
      { response: 'Success', actionid: 'pb-1', message: 'Authentication accepted' },
      { event: 'FullyBooted', status: 'Fully Booted' },
    ]);
  });

  test('keeps colons inside values and reads keys in any case', () => {
    const parser = new AmiParser();
    const [message] = parser.feed(
      'Asterisk Call Manager/5.0.3\r\nEVENT: DeviceStateChange\r\ndevice: Custom:teams-1001\r\nState: BUSY\r\n\r\n',
    );
    expect(field(message, 'Event')).toBe('DeviceStateChange');
    expect(field(message, 'Device')).toBe('Custom:teams-1001');
  });

  test('drops a message that grows past the size limit without ending, as it arrives, and reads on after its end', () => {
    const parser = new AmiParser(1024);
    expect(parser.feed('Asterisk Call Manager/5.0.3\r\n')).toEqual([]);
    for (let i = 0; i < 100; i++) expect(parser.feed(`Junk${i}: ${'x'.repeat(100)}\r\n`)).toEqual([]);
    expect(parser.feed('Tail: end\r\n\r\nEvent: FullyBooted\r\n\r\n')).toEqual([{ event: 'FullyBooted' }]);
  });

  test('an endless banner line is cut, and the messages after it are read', () => {
    const parser = new AmiParser(1024);
    for (let i = 0; i < 20; i++) expect(parser.feed('A'.repeat(100))).toEqual([]);
    expect(parser.feed('\r\nEvent: FullyBooted\r\n\r\n')).toEqual([{ event: 'FullyBooted' }]);
    expect(parser.banner).toBe('A'.repeat(200));
  });

  test('accepts bare LF line ends', () => {
    const parser = new AmiParser();
    expect(parser.feed('Asterisk Call Manager/2.10.4\nResponse: Success\nPing: Pong\n\n')).toEqual([{ response: 'Success', ping: 'Pong' }]);
  });
});

describe('serializeAction', () => {
  test('writes Action first, CRLF lines, and an empty line at the end', () => {
    expect(serializeAction('Setvar', { ActionID: 'pb-2', Variable: 'DEVICE_STATE(Custom:teams-1001)', Value: 'BUSY' })).toBe(
      'Action: Setvar\r\nActionID: pb-2\r\nVariable: DEVICE_STATE(Custom:teams-1001)\r\nValue: BUSY\r\n\r\n',
    );
  });

  test.each([
    ['a value', { Value: 'BUSY\r\n\r\nAction: Originate' }],
    ['a key', { 'X\nY': '1' }],
  ])('refuses a line break in %s (it would smuggle in another action)', (_what, headers) => {
    expect(() => serializeAction('Setvar', headers)).toThrow(ConnectorError);
  });
});
