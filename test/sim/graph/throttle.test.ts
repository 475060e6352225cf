import { SlidingWindowThrottle } from '../../../src/sim/graph/throttle';

describe('SlidingWindowThrottle', () => {
  test('admits up to the limit inside the window, then refuses with the wait until the oldest leaves', () => {
    const throttle = new SlidingWindowThrottle(3, 30_000);
    expect([0, 1000, 2000].map((t) => throttle.tryAdmit('app', t).admitted)).toEqual([true, true, true]);
    expect(throttle.tryAdmit('app', 2500)).toEqual({ admitted: false, retryAfterSeconds: 27.5 });
  });

  test('a slot frees exactly when the oldest admission leaves the window', () => {
    const throttle = new SlidingWindowThrottle(2, 30_000);
    throttle.tryAdmit('app', 0);
    throttle.tryAdmit('app', 10_000);
    expect(throttle.tryAdmit('app', 29_999).admitted).toBe(false);
    expect(throttle.tryAdmit('app', 30_000).admitted).toBe(true);
    expect(throttle.tryAdmit('app', 30_001).admitted).toBe(false);
  });

  test('refused requests do not use up the budget', () => {
    const throttle = new SlidingWindowThrottle(1, 30_000);
    throttle.tryAdmit('app', 0);
    for (let t = 1; t < 30_000; t += 1000) throttle.tryAdmit('app', t);
    expect(throttle.tryAdmit('app', 30_000).admitted).toBe(true);
  });

  test('each application has its own budget', () => {
    const throttle = new SlidingWindowThrottle(1, 30_000);
    expect(throttle.tryAdmit('app-a', 0).admitted).toBe(true);
    expect(throttle.tryAdmit('app-b', 0).admitted).toBe(true);
    expect(throttle.tryAdmit('app-a', 1).admitted).toBe(false);
  });

  test('Retry-After may be fractional seconds', () => {
    const throttle = new SlidingWindowThrottle(1, 30_000);
    throttle.tryAdmit('app', 0);
    expect(throttle.tryAdmit('app', 27_872).retryAfterSeconds).toBe(2.128);
  });
});
