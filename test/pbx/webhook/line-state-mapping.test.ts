import { applyLineStateMapping, DEFAULT_LINE_STATE_MAPPING, parseLineStateMapping } from '../../../src/pbx/webhook/line-state-mapping';
import { LineStateMappingError } from '../../../src/pbx/webhook/errors';

const receivedAt = 1_735_689_600_000;

const vendorMapping = parseLineStateMapping({
  paths: { extension: 'data.ext', state: 'data.status', at: 'timestamp' },
  values: { talking: 'onCall', ringing: 'ringing', idle: 'idle', '8': 'ringing' },
});

describe('applyLineStateMapping with a vendor-shaped payload', () => {
  test.each([
    [
      'a nested string extension',
      { data: { ext: '1001', status: 'talking' }, timestamp: 1_735_689_601 },
      { extension: '1001', state: 'onCall', at: 1_735_689_601_000 },
    ],
    [
      'a numeric extension',
      { data: { ext: 1002, status: 'ringing' }, timestamp: 1_735_689_601_500 },
      { extension: '1002', state: 'ringing', at: 1_735_689_601_500 },
    ],
    [
      'a numeric state code',
      { data: { ext: '1003', status: 8 }, timestamp: '2025-01-01T00:00:02Z' },
      { extension: '1003', state: 'ringing', at: 1_735_689_602_000 },
    ],
  ])('maps %s', (_name, payload, report) => {
    expect(applyLineStateMapping(vendorMapping, payload, receivedAt)).toEqual({ ok: true, report });
  });

  test.each([
    ['no extension', { data: { status: 'idle' }, timestamp: 1 }, 'missingField', /data\.ext/],
    ['an empty extension', { data: { ext: ' ', status: 'idle' }, timestamp: 1 }, 'missingField', /data\.ext/],
    ['an object as extension', { data: { ext: { id: 1 }, status: 'idle' }, timestamp: 1 }, 'missingField', /data\.ext/],
    ['no state', { data: { ext: '1001' }, timestamp: 1 }, 'missingField', /data\.status/],
    ['a state outside the map', { data: { ext: '1001', status: 'parked' }, timestamp: 1 }, 'unknownState', /"parked".*add it/],
    ['a state named like an object key', { data: { ext: '1001', status: 'constructor' }, timestamp: 1 }, 'unknownState', /constructor/],
    ['an unreadable time', { data: { ext: '1001', status: 'idle' }, timestamp: 'yesterday' }, 'badTimestamp', /timestamp/],
    ['no time', { data: { ext: '1001', status: 'idle' } }, 'badTimestamp', /timestamp/],
    ['an array instead of an object', [1, 2], 'missingField', /data\.ext/],
  ])('refuses %s and names the problem', (_name, payload, problem, message) => {
    const outcome = applyLineStateMapping(vendorMapping, payload, receivedAt);
    expect(outcome).toMatchObject({ ok: false, problem });
    if (!outcome.ok) expect(outcome.message).toMatch(message);
  });

  test('without an at path the receive time is used', () => {
    const mapping = parseLineStateMapping({ paths: { extension: 'ext', state: 'st' }, values: { up: 'onCall' } });
    expect(applyLineStateMapping(mapping, { ext: '7', st: 'up', at: 5 }, receivedAt)).toEqual({
      ok: true,
      report: { extension: '7', state: 'onCall', at: receivedAt },
    });
  });

  test('paths may index into arrays', () => {
    const mapping = parseLineStateMapping({ paths: { extension: 'events.0.ext', state: 'events.0.s' }, values: { x: 'held' } });
    expect(applyLineStateMapping(mapping, { events: [{ ext: '9', s: 'x' }] }, receivedAt)).toMatchObject({
      ok: true,
      report: { state: 'held' },
    });
  });
});

describe('the default mapping', () => {
  test('reads our own shape', () => {
    const payload = { extension: '1001', state: 'dnd', at: receivedAt + 5 };
    expect(applyLineStateMapping(DEFAULT_LINE_STATE_MAPPING, payload, receivedAt)).toEqual({ ok: true, report: payload });
  });

  test('is itself a valid mapping', () => {
    expect(parseLineStateMapping(DEFAULT_LINE_STATE_MAPPING)).toEqual(DEFAULT_LINE_STATE_MAPPING);
  });
});

describe('parseLineStateMapping (validation when saved)', () => {
  test.each([
    [
      'a target outside our line states',
      { paths: { extension: 'e', state: 's' }, values: { talking: 'talking' } },
      /values\.talking: must be one of our line states/,
    ],
    ['an empty value map', { paths: { extension: 'e', state: 's' }, values: {} }, /map at least one PBX state value/],
    [
      'a path with an empty segment',
      { paths: { extension: 'data..ext', state: 's' }, values: { a: 'idle' } },
      /paths\.extension: must be a dotted path/,
    ],
    ['a path with spaces', { paths: { extension: 'e', state: 'my state' }, values: { a: 'idle' } }, /paths\.state/],
    ['an unknown time format', { paths: { extension: 'e', state: 's' }, values: { a: 'idle' }, atFormat: 'rfc822' }, /atFormat/],
    ['no paths', { values: { a: 'idle' } }, /paths/],
  ])('refuses %s', (_name, input, message) => {
    expect(() => parseLineStateMapping(input)).toThrow(LineStateMappingError);
    expect(() => parseLineStateMapping(input)).toThrow(message);
  });
});
