/** The last hour of sync latency that Status charts and the bot's "status" quotes. */
import { LatencyHistory, summarise } from '../../src/service/latency-history';

const MINUTE = 60_000;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % MINUTE); // a minute boundary

describe('summarise', () => {
  test.each([
    ['nothing', [], undefined],
    ['one value', [40], { p50Ms: 40, p95Ms: 40, count: 1 }],
    ['1..100 in any order', Array.from({ length: 100 }, (_, i) => 100 - i), { p50Ms: 50, p95Ms: 95, count: 100 }],
    [
      'an outlier moves p95, not p50',
      [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 5000],
      { p50Ms: 10, p95Ms: 10, count: 20 },
    ],
    ['two outliers in twenty reach p95', [...Array(18).fill(10), 5000, 6000], { p50Ms: 10, p95Ms: 5000, count: 20 }],
  ])('%s', (_name, samples, expected) => {
    expect(summarise(samples as number[])).toEqual(expected);
  });
});

describe('LatencyHistory', () => {
  test('keeps each direction apart, one point per minute that saw writes', () => {
    const h = new LatencyHistory();
    h.record('t1', 'teamsToPbx', 100, T0 + 1_000);
    h.record('t1', 'teamsToPbx', 300, T0 + 2_000);
    h.record('t1', 'pbxToTeams', 20, T0 + 3_000);
    h.record('t1', 'teamsToPbx', 200, T0 + 2 * MINUTE + 5);
    const hour = h.lastHour('t1', T0 + 3 * MINUTE);
    expect(hour.teamsToPbx).toEqual({ p50Ms: 200, p95Ms: 300, count: 3 });
    expect(hour.pbxToTeams).toEqual({ p50Ms: 20, p95Ms: 20, count: 1 });
    expect(hour.history).toEqual([
      { at: T0, teamsToPbx: { p50Ms: 100, p95Ms: 300, count: 2 }, pbxToTeams: { p50Ms: 20, p95Ms: 20, count: 1 } },
      { at: T0 + 2 * MINUTE, teamsToPbx: { p50Ms: 200, p95Ms: 200, count: 1 }, pbxToTeams: undefined },
    ]);
  });

  test('forgets what is older than an hour', () => {
    const h = new LatencyHistory();
    h.record('t1', 'teamsToPbx', 9_000, T0);
    h.record('t1', 'teamsToPbx', 100, T0 + 30 * MINUTE);
    expect(h.lastHour('t1', T0 + 59 * MINUTE).teamsToPbx?.count).toBe(2);
    const later = h.lastHour('t1', T0 + 61 * MINUTE);
    expect(later.teamsToPbx).toEqual({ p50Ms: 100, p95Ms: 100, count: 1 });
    expect(later.history.map((p) => p.at)).toEqual([T0 + 30 * MINUTE]);
  });

  test('each tenant sees only its own latency', () => {
    const h = new LatencyHistory();
    h.record('t1', 'teamsToPbx', 100, T0);
    h.record('t2', 'teamsToPbx', 900, T0);
    expect(h.lastHour('t1', T0).teamsToPbx).toEqual({ p50Ms: 100, p95Ms: 100, count: 1 });
    expect(h.lastHour('t3', T0)).toEqual({ teamsToPbx: undefined, pbxToTeams: undefined, history: [] });
  });

  test('a busy minute keeps a bounded sample that still represents it', () => {
    const h = new LatencyHistory();
    for (let i = 0; i < 20_000; i++) h.record('t1', 'pbxToTeams', i % 2 === 0 ? 10 : 30, T0 + (i % 50_000));
    const minute = h.lastHour('t1', T0).history[0].pbxToTeams!;
    expect(minute.count).toBe(512);
    expect(minute.p50Ms === 10 || minute.p50Ms === 30).toBe(true);
    expect(minute.p95Ms).toBe(30);
  });
});
