/** Properties of the AMI wire format: what serializeAction writes the parser reads back, however the stream is cut. */
import fc from 'fast-check';
import { AmiParser, serializeAction, type AmiMessage } from '../../../src/pbx/asterisk/ami-codec';
import { readAmiEvent, type AmiReadOptions } from '../../../src/pbx/asterisk/ami-events';

const RUNS = { numRuns: 300 };
const BANNER = 'Asterisk Call Manager/5.0.3';
const key = fc.oneof(fc.stringMatching(/^[A-Za-z][\w-]{0,12}$/), fc.constantFrom('constructor', 'toString', 'hasOwnProperty'));
const value = fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ' ').trim());
/** Keys differing only in case would be one key to the parser. */
const headers = fc
  .uniqueArray(fc.tuple(key, value), { selector: ([k]) => k.toLowerCase(), maxLength: 6 })
  .map((entries) => Object.fromEntries(entries.filter(([k]) => k.toLowerCase() !== 'action')));
const action = fc.stringMatching(/^[A-Za-z]{1,12}$/);

/** `text` fed in pieces cut at the given offsets. */
function feedInPieces(text: string, cuts: number[], maxMessageChars?: number): AmiMessage[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parser = new AmiParser(maxMessageChars);
  return [0, ...at].flatMap((start, i) => parser.feed(text.slice(start, [...at, text.length][i])));
}

describe('AmiParser (properties)', () => {
  test('reads back the actions serializeAction wrote, keys lower-cased, whatever the chunking', () => {
    const actions = fc.array(fc.tuple(action, headers), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(actions, fc.array(fc.nat(), { maxLength: 10 }), fc.boolean(), (list, cuts, bareLf) => {
        let wire = `${BANNER}\r\n${list.map(([a, h]) => serializeAction(a, h)).join('')}`;
        if (bareLf) wire = wire.replace(/\r\n/g, '\n');
        const expected = list.map(([a, h]) => ({
          action: a,
          ...Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v])),
        }));
        expect(feedInPieces(wire, cuts)).toEqual(expected);
      }),
      RUNS,
    );
  });

  test('arbitrary text never throws, and gives the same messages however it is cut, whatever the size limit', () => {
    const piece = fc.oneof(fc.constantFrom('\r\n', '\n', '\r', ':', 'Event: X', 'Key: v', ' ', '\r\n\r\n'), fc.string({ maxLength: 8 }));
    const limit = fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 40 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 10 }), limit, (pieces, cuts, max) => {
        const text = pieces.join('');
        expect(feedInPieces(text, cuts, max)).toEqual(feedInPieces(text, [], max));
      }),
      RUNS,
    );
  });

  test('a message longer than the limit is dropped whole and the ones around it are read, however the stream is cut', () => {
    const messages = fc.array(
      fc.tuple(
        action,
        fc.string({ maxLength: 60 }).map((v) => v.replace(/[\r\n]/g, ' ').trim()),
      ),
      { minLength: 1, maxLength: 5 },
    );
    fc.assert(
      fc.property(messages, fc.integer({ min: 10, max: 60 }), fc.array(fc.nat(), { maxLength: 10 }), (list, max, cuts) => {
        const blocks = list.map(([a, v]) => serializeAction(a, { Data: v }));
        const kept = list.filter((_, i) => blocks[i].length - 4 <= max).map(([a, v]) => ({ action: a, data: v }));
        expect(feedInPieces(`${BANNER}\r\n${blocks.join('')}`, cuts, max)).toEqual(kept);
      }),
      RUNS,
    );
  });
});

describe('readAmiEvent (properties)', () => {
  const options = fc.record<AmiReadOptions>({
    technology: fc.constantFrom('PJSIP', 'SIP'),
    lineStateSource: fc.constantFrom('device' as const, 'hint' as const),
    hintContext: fc.option(fc.constantFrom('default', 'hints'), { nil: undefined }),
    ownDevicePrefix: fc.constant('Custom:teams-'),
    ownPresencePrefix: fc.constant('CustomPresence:'),
  });
  const message = fc.dictionary(
    fc.constantFrom('event', 'device', 'state', 'exten', 'context', 'hint', 'status', 'presentity', 'timestamp', 'x'),
    fc.oneof(
      fc.constantFrom(
        'DeviceStateChange',
        'ExtensionStatus',
        'PresenceStateChange',
        'PJSIP/1001',
        'INUSE',
        '1',
        '-1',
        'CustomPresence:1001',
        '1735689600.123456',
        'nan',
      ),
      fc.string({ maxLength: 12 }),
    ),
  );

  test('any event reads as a line state, a presence or a reason to ignore it, without throwing', () => {
    fc.assert(
      fc.property(message, options, (m, o) => {
        const reading = readAmiEvent(m, o);
        expect(['lineState', 'presence', 'ignored']).toContain(reading.kind);
        if (reading.kind !== 'ignored' && reading.at !== undefined) expect(Number.isFinite(reading.at)).toBe(true);
      }),
      RUNS,
    );
  });
});
