/** Properties of reading ARI WebSocket messages: any text is read or answered with a reason, never with an exception. */
import fc from 'fast-check';
import { readAriMessage } from '../../../src/pbx/asterisk/ari-events';
import { ASTERISK_DEVICE_STATES, lineStateOfDeviceState } from '../../../src/pbx/asterisk/device-state';

const RUNS = { numRuns: 300 };

describe('readAriMessage (properties)', () => {
  test('arbitrary text and arbitrary JSON read as a line state, ignored or malformed, never as an exception', () => {
    const deviceStateLike = fc
      .record(
        {
          type: fc.oneof(fc.constant('DeviceStateChanged'), fc.string({ maxLength: 8 })),
          timestamp: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('2024-05-04T10:20:30.123+0200'), fc.integer()),
          device_state: fc.oneof(
            fc.record({
              name: fc.oneof(fc.constant('PJSIP/1001'), fc.string({ maxLength: 10 })),
              state: fc.oneof(fc.constantFrom(...ASTERISK_DEVICE_STATES), fc.string({ maxLength: 8 })),
            }),
            fc.jsonValue({ maxDepth: 2 }),
          ),
        },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o));
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      deviceStateLike,
    );
    fc.assert(
      fc.property(text, (t) => {
        const reading = readAriMessage(t, 'PJSIP');
        expect(['lineState', 'ignored', 'malformed']).toContain(reading.kind);
      }),
      RUNS,
    );
  });

  test('a DeviceStateChanged of our technology reads back its extension, state and time', () => {
    const event = fc.record({
      extension: fc.stringMatching(/^[\w*#+-]{1,10}$/),
      state: fc.constantFrom(...ASTERISK_DEVICE_STATES),
      at: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    });
    fc.assert(
      fc.property(event, ({ extension, state, at }) => {
        const timestamp = new Date(at).toISOString().replace('Z', '+0000');
        const reading = readAriMessage(
          JSON.stringify({ type: 'DeviceStateChanged', timestamp, device_state: { name: `PJSIP/${extension}`, state } }),
          'PJSIP',
        );
        expect(reading).toEqual({ kind: 'lineState', extension, state: lineStateOfDeviceState(state), at });
      }),
      RUNS,
    );
  });
});
