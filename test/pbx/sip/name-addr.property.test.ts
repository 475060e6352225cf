/** Properties of name-addr header values (From, To, Contact, Route): what formatNameAddr writes, parseNameAddr reads back. */
import fc from 'fast-check';
import { formatNameAddr, parseNameAddr, parseParams, parseValueWithParams, sipUriHostPort } from '../../../src/pbx/sip/name-addr';

const RUNS = { numRuns: 300 };
const paramName = fc.stringMatching(/^[a-z][a-z0-9.+-]{0,10}$/);
const paramValue = fc.oneof(fc.constant(''), fc.stringMatching(/^[\w.!%*+`'~-]{1,12}$/));
const address = fc.record({
  display: fc.option(
    fc
      .string({ unit: 'grapheme', maxLength: 20 })
      .map((s) => s.replace(/[\r\n]/g, ' ').trim())
      .filter((s) => s !== ''),
    { nil: undefined },
  ),
  uri: fc.stringMatching(/^sips?:[\w.+-]{1,10}@[\w.-]{1,12}(:\d{1,5})?(;[a-z]+=[\w.]+)?$/),
  params: fc.dictionary(paramName, paramValue, { maxKeys: 4 }),
});

describe('name-addr (properties)', () => {
  test('parseNameAddr reads back what formatNameAddr wrote, display names with quotes and backslashes included', () => {
    fc.assert(
      fc.property(address, (a) => {
        const parsed = parseNameAddr(formatNameAddr(a));
        expect(parsed).toEqual(a.display === undefined ? { uri: a.uri, params: a.params } : a);
      }),
      RUNS,
    );
  });

  test('arbitrary header values never throw', () => {
    const pieces = fc
      .array(fc.oneof(fc.constantFrom('"', '\\', '<', '>', ';', '=', 'sip:', '@', ':', ' '), fc.string({ maxLength: 6 })), {
        maxLength: 20,
      })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(pieces, (value) => {
        expect(typeof parseNameAddr(value).uri).toBe('string');
        parseParams(value);
        parseValueWithParams(value);
        const hostPort = sipUriHostPort(value);
        if (hostPort?.port !== undefined) expect(Number.isInteger(hostPort.port)).toBe(true);
      }),
      RUNS,
    );
  });
});
