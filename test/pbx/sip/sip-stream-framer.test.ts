import { SipFramingError } from '../../../src/pbx/sip/sip-errors';
import { SipStreamFramer } from '../../../src/pbx/sip/sip-stream-framer';

const notify = (body: string) =>
  `NOTIFY sip:pb@127.0.0.1:5070;transport=tcp SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK1\r\n` +
  `Call-ID: n1\r\nCSeq: 2 NOTIFY\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const ok = 'SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK2\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n';
const withBody = notify('<dialog-info state="full"/>');
const utf8Body = notify('<note>Zürich ☎</note>');

/** Cuts `text` at the given byte offsets. */
const cut = (text: string, ...at: number[]) => {
  const bytes = Buffer.from(text);
  return [0, ...at].map((start, i) => bytes.subarray(start, [...at, bytes.length][i]));
};
const feed = (chunks: Buffer[], max?: number) => {
  const framer = new SipStreamFramer(max);
  return chunks.map((chunk) => {
    const { messages, error } = framer.push(chunk);
    expect(error).toBeUndefined();
    return messages.map((m) => m.toString());
  });
};

describe('SipStreamFramer', () => {
  test.each([
    ['one message in one chunk', cut(withBody), [[withBody]]],
    ['two messages in one chunk', cut(ok + withBody), [[ok, withBody]]],
    ['a message cut inside its headers', cut(withBody, 20), [[], [withBody]]],
    ['a message cut between headers and body', cut(withBody, withBody.indexOf('\r\n\r\n') + 4), [[], [withBody]]],
    ['a message cut inside its blank line', cut(withBody, withBody.indexOf('\r\n\r\n') + 2), [[], [withBody]]],
    ['a message cut inside its body', cut(withBody, withBody.length - 5), [[], [withBody]]],
    [
      'a multi-byte body cut inside a character: Content-Length counts bytes',
      cut(utf8Body, Buffer.byteLength(utf8Body) - 4),
      [[], [utf8Body]],
    ],
    [
      'the end of one and the start of the next in one chunk',
      cut(ok + withBody + ok, ok.length + 10, ok.length + withBody.length + 3),
      [[ok], [withBody], [ok]],
    ],
    [
      'one byte at a time',
      cut(ok, ...Array.from({ length: ok.length - 1 }, (_, i) => i + 1)),
      [...Array.from({ length: ok.length - 1 }, () => []), [ok]],
    ],
    ['CRLF keep-alives between messages', cut(`\r\n\r\n${ok}\r\n${ok}`), [[ok, ok]]],
    ['a keep-alive alone', cut('\r\n\r\n'), [[]]],
  ])('%s', (_, chunks, expected) => {
    expect(feed(chunks)).toEqual(expected);
  });

  test.each([
    [
      'no Content-Length',
      'OPTIONS sip:pb SIP/2.0\r\nCall-ID: x\r\n\r\n',
      /"OPTIONS sip:pb SIP\/2\.0" has no Content-Length, which a stream needs/,
    ],
    [
      'a Content-Length that is not a number',
      'OPTIONS sip:pb SIP/2.0\r\nContent-Length: ten\r\n\r\n',
      /Content-Length "ten", not a number/,
    ],
    [
      'a declared body beyond the limit',
      'NOTIFY sip:pb SIP/2.0\r\nContent-Length: 5000\r\n\r\n',
      /a message of \d+ bytes is larger than the limit of 1024 bytes/,
    ],
    ['headers that never end', `OPTIONS sip:pb SIP/2.0\r\n${'X-Filler: y\r\n'.repeat(100)}`, /no end of headers within 1024 bytes/],
  ])('refuses %s with a SipFramingError', (_, text, message) => {
    const { messages, error } = new SipStreamFramer(1024).push(Buffer.from(text));
    expect(messages).toEqual([]);
    expect(error).toBeInstanceOf(SipFramingError);
    expect(error?.message).toMatch(message);
  });

  test('hands out the messages before a broken one, then reads nothing more from the stream', () => {
    const framer = new SipStreamFramer(1024);
    const first = framer.push(Buffer.from(ok + 'OPTIONS sip:pb SIP/2.0\r\n\r\n'));
    expect(first.messages.map(String)).toEqual([ok]);
    expect(first.error?.message).toMatch(/^Unreadable SIP stream, connection closed: "OPTIONS sip:pb SIP\/2\.0" has no Content-Length/);
    const after = framer.push(Buffer.from(ok));
    expect(after).toEqual({ messages: [], error: first.error });
  });
});
