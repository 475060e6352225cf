/** Properties of the SIP message parser: it reads whatever the serialiser writes, and refuses anything else only with its own error. */
import fc from 'fast-check';
import { parseSipMessage } from '../../../src/pbx/sip/sip-parse';
import { serialiseSipMessage } from '../../../src/pbx/sip/sip-serialise';
import { canonicalHeaderName } from '../../../src/pbx/sip/sip-message';
import { SipParseError } from '../../../src/pbx/sip/sip-errors';
import { sipMessage } from './sip-arbitraries';

const RUNS = { numRuns: 300 };

const message = sipMessage;

function parsesOrRefuses(data: Buffer | string): void {
  try {
    parseSipMessage(data);
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
  }
}

describe('parseSipMessage (properties)', () => {
  test('reads back what serialiseSipMessage wrote, with the Content-Length it added', () => {
    fc.assert(
      fc.property(message, (m) => {
        const parsed = parseSipMessage(serialiseSipMessage(m));
        expect(parsed).toEqual({ ...m, headers: [...m.headers, { name: 'Content-Length', value: String(Buffer.byteLength(m.body)) }] });
      }),
      RUNS,
    );
  });

  test('arbitrary bytes are read or refused with a SipParseError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => parsesOrRefuses(Buffer.from(bytes))),
      RUNS,
    );
  });

  test('arbitrary text made of SIP-ish pieces is read or refused with a SipParseError', () => {
    const piece = fc.constantFrom(
      'SIP/2.0 ',
      '200',
      ' OK',
      'INVITE ',
      'sip:a@b',
      ' SIP/2.0',
      '\r\n',
      '\n',
      ':',
      'l: ',
      'Content-Length: ',
      '5',
      '-1',
      ' ',
      '\t',
      'x',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => parsesOrRefuses(pieces.join(''))),
      RUNS,
    );
  });

  test('canonical header names stay canonical', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (name) => {
        const canonical = canonicalHeaderName(name);
        expect(canonicalHeaderName(canonical)).toBe(canonical);
      }),
      RUNS,
    );
  });
});
