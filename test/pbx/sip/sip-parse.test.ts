import { parseSipMessage } from '../../../src/pbx/sip/sip-parse';
import { serialiseSipMessage } from '../../../src/pbx/sip/sip-serialise';
import { headerValue, headerValues, type SipMessage } from '../../../src/pbx/sip/sip-message';
import { SipParseError } from '../../../src/pbx/sip/sip-errors';

const crlf = (lines: string[]) => lines.join('\r\n');

const NOTIFY_BODY =
  '<?xml version="1.0"?>\n<dialog-info version="2" state="full" entity="sip:1002@pbx">\n  <dialog id="a"><state>early</state></dialog>\n</dialog-info>\n';

describe('parseSipMessage', () => {
  test.each<[string, string, Partial<SipMessage> & Record<string, unknown>]>([
    [
      'a request with a multi-line body bounded by Content-Length',
      crlf([
        'NOTIFY sip:pb@127.0.0.1:5070 SIP/2.0',
        'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1',
        'Call-ID: abc',
        'CSeq: 3 NOTIFY',
        'Content-Type: application/dialog-info+xml',
        `Content-Length: ${Buffer.byteLength(NOTIFY_BODY)}`,
        '',
        NOTIFY_BODY + 'trailing junk',
      ]),
      { kind: 'request', method: 'NOTIFY', uri: 'sip:pb@127.0.0.1:5070', body: NOTIFY_BODY },
    ],
    [
      'a response with a reason of several words',
      crlf(['SIP/2.0 481 Call/Transaction Does Not Exist', 'CSeq: 2 SUBSCRIBE', 'Content-Length: 0', '', '']),
      { kind: 'response', status: 481, reason: 'Call/Transaction Does Not Exist', body: '' },
    ],
    [
      'bare LF line ends and no Content-Length (the rest of the datagram is the body)',
      'SIP/2.0 200 OK\nCSeq: 1 OPTIONS\n\nhello\nworld',
      { kind: 'response', status: 200, body: 'hello\nworld' },
    ],
    [
      'a Content-Length in bytes, not characters',
      crlf(['MESSAGE sip:a@b SIP/2.0', 'Content-Length: 6', '', 'Grüß']),
      { kind: 'request', body: 'Grüß' },
    ],
    [
      'leading CRLF keep-alives before the message',
      '\r\n\r\n' + crlf(['OPTIONS sip:pbx SIP/2.0', 'l: 0', '', '']),
      { kind: 'request', method: 'OPTIONS', body: '' },
    ],
  ])('reads %s', (_, raw, expected) => {
    expect(parseSipMessage(Buffer.from(raw, 'utf8'))).toMatchObject(expected);
  });

  test('expands compact header names and joins folded lines', () => {
    const message = parseSipMessage(
      crlf([
        'NOTIFY sip:pb@h SIP/2.0',
        'i: call-1',
        'f: <sip:1002@pbx>;tag=x',
        't: <sip:pb@pbx>',
        'o: dialog',
        'Subscription-State: active;',
        '  expires=60',
        'l: 0',
        '',
        '',
      ]),
    );
    expect(headerValue(message, 'Call-ID')).toBe('call-1');
    expect(headerValue(message, 'from')).toBe('<sip:1002@pbx>;tag=x');
    expect(headerValue(message, 'Event')).toBe('dialog');
    expect(headerValue(message, 'Subscription-State')).toBe('active; expires=60');
  });

  test('splits comma-separated header values but not commas inside <> or quotes', () => {
    const message = parseSipMessage(
      crlf([
        'SIP/2.0 200 OK',
        'Record-Route: <sip:p1;lr>, <sip:p2;lr;x=a,b>',
        'Record-Route: "Proxy, three" <sip:p3;lr>',
        'Content-Length: 0',
        '',
        '',
      ]),
    );
    expect(headerValues(message, 'Record-Route')).toEqual(['<sip:p1;lr>', '<sip:p2;lr;x=a,b>', '"Proxy, three" <sip:p3;lr>']);
  });

  test.each([
    ['no blank line after the headers', 'SIP/2.0 200 OK\r\nCSeq: 1 OPTIONS\r\n'],
    ['a start line that is neither request nor response', 'HELLO\r\n\r\n'],
    ['a Content-Length that is not a number', 'SIP/2.0 200 OK\r\nContent-Length: ten\r\n\r\n'],
    ['a body shorter than its Content-Length', 'SIP/2.0 200 OK\r\nContent-Length: 50\r\n\r\nshort'],
    ['a header line without a name', 'SIP/2.0 200 OK\r\n: nothing\r\n\r\n'],
  ])('rejects %s with a SipParseError', (_, raw) => {
    expect(() => parseSipMessage(raw)).toThrow(SipParseError);
  });
});

describe('serialiseSipMessage', () => {
  test('writes CRLF lines, computes Content-Length in bytes and survives a round trip', () => {
    const body = '<presence>Grüß</presence>\n<x/>\n';
    const bytes = serialiseSipMessage({
      kind: 'request',
      method: 'PUBLISH',
      uri: 'sip:1002@pbx',
      headers: [
        { name: 'Event', value: 'presence' },
        { name: 'Content-Length', value: '999' },
      ],
      body,
    });
    const text = bytes.toString('utf8');
    expect(text.startsWith('PUBLISH sip:1002@pbx SIP/2.0\r\nEvent: presence\r\n')).toBe(true);
    expect(text).toContain(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    expect(text).not.toContain('999');
    expect(parseSipMessage(bytes)).toMatchObject({ kind: 'request', method: 'PUBLISH', body });
  });

  test('writes a status line for responses', () => {
    const bytes = serialiseSipMessage({ kind: 'response', status: 412, reason: 'Conditional Request Failed', headers: [], body: '' });
    expect(bytes.toString()).toBe('SIP/2.0 412 Conditional Request Failed\r\nContent-Length: 0\r\n\r\n');
  });
});
