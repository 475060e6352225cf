/** Properties of the SIP stream framer: how a stream is cut into chunks does not change the messages read from it. */
import fc from 'fast-check';
import { parseSipMessage } from '../../../src/pbx/sip/sip-parse';
import { serialiseSipMessage } from '../../../src/pbx/sip/sip-serialise';
import { SipFramingError } from '../../../src/pbx/sip/sip-errors';
import { SipStreamFramer } from '../../../src/pbx/sip/sip-stream-framer';
import { chunksOf, sipMessage } from './sip-arbitraries';

const RUNS = { numRuns: 200 };
const keepalive = fc.constantFrom('', '', '\r\n', '\r\n\r\n');

function frame(chunks: Buffer[], max?: number) {
  const framer = new SipStreamFramer(max);
  const messages: Buffer[] = [];
  let error: SipFramingError | undefined;
  for (const chunk of chunks) {
    const pushed = framer.push(chunk);
    messages.push(...pushed.messages);
    error ??= pushed.error;
  }
  return { messages, error };
}

describe('SipStreamFramer (properties)', () => {
  test('a stream of messages and keep-alives, cut anywhere, gives back each message whole and in order', () => {
    const stream = fc.array(fc.tuple(keepalive, sipMessage), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 12 }), (items, cuts) => {
        const wire = items.map(([k, m]) => Buffer.concat([Buffer.from(k), serialiseSipMessage(m)]));
        const { messages, error } = frame(chunksOf(Buffer.concat(wire), cuts));
        expect(error).toBeUndefined();
        expect(messages.map((m) => m.toString('hex'))).toEqual(items.map(([, m]) => serialiseSipMessage(m).toString('hex')));
        expect(messages.map((m) => parseSipMessage(m))).toEqual(items.map(([, m]) => parseSipMessage(serialiseSipMessage(m))));
      }),
      RUNS,
    );
  });

  test('arbitrary bytes in arbitrary chunks never throw: they give messages, wait for more, or end the stream with a SipFramingError', () => {
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b)),
      fc.constantFrom('\r\n\r\n', 'Content-Length: 3', 'l: x', 'l:99999999\r\n\r\n', 'SIP/2.0 200 OK\r\n').map((t) => Buffer.from(t)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.integer({ min: 16, max: 256 }), (chunks, max) => {
        const { messages, error } = frame(chunks, max);
        for (const m of messages) expect(m.length).toBeLessThanOrEqual(max);
        if (error) expect(error).toBeInstanceOf(SipFramingError);
      }),
      RUNS,
    );
  });

  test('the outcome (messages and whether the stream broke) does not depend on how the same bytes were cut', () => {
    const piece = fc.constantFrom('\r\n', '\r\n\r\n', 'Content-Length: 2', 'l: 0', 'ab', 'SIP/2.0 200 OK\r\n', 'x\r\n', ' 1');
    const max = fc.oneof(fc.constant(undefined), fc.integer({ min: 8, max: 80 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 8 }), max, (pieces, cuts, limit) => {
        const bytes = Buffer.from(pieces.join(''));
        const whole = frame([bytes], limit);
        const cut = frame(chunksOf(bytes, cuts), limit);
        expect(cut.messages.map(String)).toEqual(whole.messages.map(String));
        expect(cut.error === undefined).toBe(whole.error === undefined);
      }),
      RUNS,
    );
  });
});
