import {
  createLedgerReplayGuard,
  createReplayGuard,
  LEDGER_PRUNE_EVERY_MS,
  type ReplayLedger,
} from '../../../src/pbx/webhook/replay-guard';

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

describe('the ledger guard (signatures kept in the store)', () => {
  function memoryLedger() {
    const rows = new Map<string, number>();
    const prunedAt: number[] = [];
    const ledger: ReplayLedger = {
      async admit(signature, expiresAtMs, nowMs) {
        const expiry = rows.get(signature);
        if (expiry !== undefined && expiry >= nowMs) return false;
        rows.set(signature, expiresAtMs);
        return true;
      },
      async prune(nowMs) {
        prunedAt.push(nowMs);
        let removed = 0;
        for (const [signature, expiry] of rows) if (expiry < nowMs && rows.delete(signature)) removed++;
        return removed;
      },
    };
    return { ledger, rows, prunedAt };
  }

  test('remembers a signature until its timestamp leaves the window, so a second guard on the same ledger (a restart) refuses it', async () => {
    const { ledger, rows } = memoryLedger();
    expect(await createLedgerReplayGuard(ledger, 300).admit('sig-a', t, t * 1000)).toBe(true);
    expect(rows.get('sig-a')).toBe((t + 300) * 1000);
    expect(await createLedgerReplayGuard(ledger, 300).admit('sig-a', t, t * 1000 + 299_000)).toBe(false);
  });

  test('prunes the ledger at most once a minute', async () => {
    const { ledger, prunedAt } = memoryLedger();
    const guard = createLedgerReplayGuard(ledger, 300);
    for (let i = 0; i < 10; i++) await guard.admit(`sig-${i}`, t, t * 1000 + i * 10_000);
    expect(prunedAt).toEqual([t * 1000, t * 1000 + LEDGER_PRUNE_EVERY_MS]);
  });
});
