import { createReplayGuard } from '../../../src/pbx/webhook/replay-guard';

const t = 1_735_689_600;

test('admits a signature once and refuses it again inside the window', () => {
  const guard = createReplayGuard(300);
  expect(guard.admit('sig-a', t, t * 1000)).toBe(true);
  expect(guard.admit('sig-a', t, t * 1000 + 299_000)).toBe(false);
  expect(guard.admit('sig-b', t, t * 1000)).toBe(true);
});

test('forgets signatures whose timestamp has left the window, so memory stays bounded', () => {
  const guard = createReplayGuard(300);
  for (let i = 0; i < 100; i++) guard.admit(`sig-${i}`, t, t * 1000);
  expect(guard.size()).toBe(100);
  guard.admit('later', t + 400, (t + 400) * 1000);
  expect(guard.size()).toBe(1);
});
