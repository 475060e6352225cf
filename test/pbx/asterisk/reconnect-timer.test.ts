import { ReconnectTimer } from '../../../src/pbx/asterisk/reconnect-timer';
import { FakeTime } from './helpers/fake-time';

const policy = { baseDelayMs: 500, maxDelayMs: 30_000 };

describe('ReconnectTimer', () => {
  test.each([
    [0.5, [500, 500, 1000, 2000, 4000, 8000, 15000, 15000]],
    [0.999, [500, 999, 1998, 3996, 7992, 15984, 29970, 29970]],
    [0, [500, 500, 500, 500]],
  ])('with jitter %p the delays grow up to the cap and never drop below the base: %p', (random, delays) => {
    const time = new FakeTime();
    const timer = new ReconnectTimer(policy, time, () => random);
    expect(delays.map(() => timer.schedule(() => undefined))).toEqual(delays);
  });

  test('a refusal waits the longest delay at once', () => {
    const timer = new ReconnectTimer(policy, new FakeTime(), () => 0.5);
    expect(timer.schedule(() => undefined, { slow: true })).toBe(30_000);
  });

  test('success starts the backoff over', () => {
    const timer = new ReconnectTimer(policy, new FakeTime(), () => 0.999);
    timer.schedule(() => undefined);
    timer.schedule(() => undefined);
    timer.succeeded();
    expect(timer.schedule(() => undefined)).toBe(500);
  });

  test('runs the retry once when its time comes, and a new schedule replaces the pending one', () => {
    const time = new FakeTime();
    const timer = new ReconnectTimer(policy, time, () => 0.5);
    const runs: string[] = [];
    timer.schedule(() => runs.push('first'));
    timer.schedule(() => runs.push('second'));
    time.advance(60_000);
    expect(runs).toEqual(['second']);
    expect(time.waiting()).toEqual([]);
  });
});
