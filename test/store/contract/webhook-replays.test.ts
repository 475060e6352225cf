import type { OpenedStore } from '../../../src/store/open-store';
import { StoreInputError } from '../../../src/store/errors';
import { describeEachStore } from '../store-contract';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const WINDOW = 300_000;

describeEachStore('webhook replays', (open) => {
  let store: OpenedStore;
  beforeAll(async () => (store = await open()));
  afterAll(() => store.close());

  test('a signature is admitted once while its window lasts, per tenant', async () => {
    expect(await store.webhookReplays.admit('t1', 'sig-a', NOW + WINDOW, NOW)).toBe(true);
    expect(await store.webhookReplays.admit('t1', 'sig-a', NOW + WINDOW, NOW + 1_000)).toBe(false);
    expect(await store.webhookReplays.admit('t2', 'sig-a', NOW + WINDOW, NOW + 1_000)).toBe(true);
  });

  test('the same signature after its window is over is admitted again (its timestamp no longer passes anyway)', async () => {
    expect(await store.webhookReplays.admit('t3', 'sig-b', NOW + WINDOW, NOW)).toBe(true);
    expect(await store.webhookReplays.admit('t3', 'sig-b', NOW + 2 * WINDOW + 1, NOW + WINDOW + 1)).toBe(true);
    expect(await store.webhookReplays.admit('t3', 'sig-b', NOW + 2 * WINDOW + 1, NOW + WINDOW + 2)).toBe(false);
  });

  test('prune forgets only the signatures whose window is over', async () => {
    await store.webhookReplays.admit('t4', 'old', NOW + 1_000, NOW);
    await store.webhookReplays.admit('t4', 'fresh', NOW + 10 * WINDOW, NOW);
    const removed = await store.webhookReplays.prune(NOW + 5 * WINDOW);
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await store.webhookReplays.admit('t4', 'fresh', NOW + 10 * WINDOW, NOW + 5 * WINDOW)).toBe(false);
    expect(await store.webhookReplays.admit('t4', 'old', NOW + 6 * WINDOW, NOW + 5 * WINDOW)).toBe(true);
  });

  test('an empty tenant or signature is refused', async () => {
    await expect(store.webhookReplays.admit('', 'sig', NOW, NOW)).rejects.toThrow(StoreInputError);
    await expect(store.webhookReplays.admit('t5', '', NOW, NOW)).rejects.toThrow(StoreInputError);
  });
});
