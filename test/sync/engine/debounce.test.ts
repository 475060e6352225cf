/**
 * The debounce of Teams changes, on fake time: the first change after a quiet period is written at once, later
 * ones wait until the presence settles (or at most five debounce periods), and a burst always ends on its
 * final state. Rows: Teams presences at times (ms from the start) -> PBX writes at times.
 */
import { flush, harness, policyOf } from '../support/engine-harness';
import { EXT, T, U, lineEvent, pushEvent, teamsEvent } from '../support/events';

type Change = [atMs: number, presence: string];
type Write = [atMs: number, routing: string];

const B = 'Busy/Busy';
const A = 'Available/Available';
const D = 'DoNotDisturb/DoNotDisturb';
const R = 'BeRightBack/BeRightBack';

/** 20 changes in 2 s, alternating, ending on `last`. */
function flapping(start: number, last: string): Change[] {
  return Array.from({ length: 20 }, (_, i) => [start + i * 100, i === 19 ? last : i % 2 ? A : B] as Change);
}

async function run(debounceMs: number, changes: Change[], untilMs: number) {
  const h = harness(policyOf({ debounceMs }));
  h.engine.setMapping(T, [{ userId: U, extension: EXT }]);
  const start = h.time.now();
  const writes: Write[] = [];
  const original = h.routing.setRouting.bind(h.routing);
  h.routing.setRouting = (a) => {
    writes.push([h.time.now() - start, a.state]);
    return original(a);
  };
  let version = 0;
  for (const [at, presence] of changes) {
    h.time.advance(at - (h.time.now() - start));
    h.engine.submit(teamsEvent(presence, String(++version).padStart(4, '0'), h.time.now()));
    await flush();
  }
  h.time.advance(untilMs - (h.time.now() - start));
  await h.engine.idle();
  return { h, writes };
}

describe('debounce of Teams changes (leading and trailing edge)', () => {
  test.each<[string, number, Change[], Write[]]>([
    ['an isolated change is written at once', 2000, [[0, B]], [[0, 'busy']]],
    [
      'isolated changes further apart than the debounce are each written at once',
      2000,
      [
        [0, B],
        [2500, A],
        [6000, D],
      ],
      [
        [0, 'busy'],
        [2500, 'available'],
        [6000, 'dnd'],
      ],
    ],
    [
      'a second change within the debounce waits until the presence settles',
      2000,
      [
        [0, B],
        [500, A],
      ],
      [
        [0, 'busy'],
        [2500, 'available'],
      ],
    ],
    [
      'a change back to what was written waits, then changes nothing',
      2000,
      [
        [0, B],
        [500, A],
        [900, B],
      ],
      [[0, 'busy']],
    ],
    [
      'flapping: 20 changes in 2 s give 2 writes, ending on the final state',
      2000,
      flapping(0, D),
      [
        [0, 'busy'],
        [3900, 'dnd'],
      ],
    ],
    ['flapping that ends where it began gives 1 write', 2000, flapping(0, B), [[0, 'busy']]],
    [
      'the swyx debounce (1 s): the same burst ends 1 s after its last change',
      1000,
      flapping(0, D),
      [
        [0, 'busy'],
        [2900, 'dnd'],
      ],
    ],
    [
      'a change after the burst has settled is written at once again',
      2000,
      [...flapping(0, D), [5000, R]],
      [
        [0, 'busy'],
        [3900, 'dnd'],
        [5000, 'away'],
      ],
    ],
    [
      // Decided at 5 s and 10 s (at 10 s the held presence routes as already written), then settled on the last.
      'a presence that never settles is acted on every five debounce periods, and ends on its final state',
      1000,
      Array.from({ length: 25 }, (_, i) => [i * 500, i % 2 ? A : B] as Change),
      [
        [0, 'busy'],
        [5000, 'available'],
        [13000, 'busy'],
      ],
    ],
  ])('%s', async (_name, debounceMs, changes, expected) => {
    const { writes } = await run(debounceMs, changes, 20_000);
    expect(writes).toEqual(expected);
  });

  test('flapping ends on the final state: the PBX and the trace say so', async () => {
    const { h, writes } = await run(2000, flapping(0, D), 20_000);
    expect(writes.length).toBeLessThanOrEqual(2);
    expect(writes.at(-1)?.[1]).toBe('dnd');
    expect(h.engine.snapshot(T)[0].routingSent?.state).toBe('dnd');
    expect(h.engine.stats().debouncing).toBe(0);
  });

  test('a change is held while the window is open, and counted as waiting', async () => {
    const { h } = await run(2000, [[0, B]], 0);
    expect(h.engine.submit(teamsEvent(A, '0002', h.time.now()))).toBe('debounced');
    expect(h.engine.stats().debouncing).toBe(1);
    h.time.advance(2000);
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.state)).toEqual(['busy', 'available']);
  });

  test('a change that writes nothing (our own echo, the same routing) does not hold up the next one', async () => {
    const { h } = await run(2000, [[0, B]], 0);
    h.time.advance(2500);
    expect(h.engine.submit(teamsEvent('Busy/InAMeeting', '0002', h.time.now()))).toBe('decided');
    h.time.advance(100);
    expect(h.engine.submit(teamsEvent(A, '0003', h.time.now()))).toBe('decided');
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.state)).toEqual(['busy', 'available']);
  });

  test('a read repeating the held presence does not push its write back', async () => {
    const { h, writes } = await run(
      2000,
      [
        [0, B],
        [500, A],
      ],
      500,
    );
    for (let t = 1000; t <= 3000; t += 500) {
      h.time.advance(500);
      h.engine.submit(pushEvent(A, String(t), h.time.now()));
    }
    await h.engine.idle();
    expect(writes).toEqual([
      [0, 'busy'],
      [2500, 'available'],
    ]);
  });

  test('a line event first decides a held Teams change (no reordering)', async () => {
    const { h } = await run(2000, [[0, B]], 0);
    h.engine.submit(teamsEvent(D, '0002', h.time.now()));
    h.engine.submit(lineEvent('onCall', 1, h.time.now()));
    await h.engine.idle();
    expect(h.trace.entries.map((e) => `${e.direction} ${e.outcome}`)).toEqual([
      'teamsToPbx applied',
      'teamsToPbx applied',
      'pbxToTeams heldBack',
    ]);
    expect(h.engine.stats().debouncing).toBe(0);
  });
});
