import { StoreInputError } from '../../../src/store/errors';
import type { OpenedStore } from '../../../src/store/open-store';
import { describeEachStore } from '../store-contract';
import { traceEntry } from '../test-store';

describeEachStore('trace', (open) => {
  let store: OpenedStore;
  beforeAll(async () => (store = await open()));
  afterAll(() => store.close());

  test('forUser returns the newest first, ties in the order they were appended, up to the limit', async () => {
    await store.trace.append([traceEntry('t1', 'u1', 100, 'first'), traceEntry('t1', 'u1', 300, 'third')]);
    await store.trace.append([traceEntry('t1', 'u1', 200, 'second'), traceEntry('t1', 'u1', 300, 'fourth'), traceEntry('t1', 'u2', 500)]);
    expect((await store.trace.forUser('t1', 'u1', 10)).map((e) => e.reason)).toEqual(['fourth', 'third', 'second', 'first']);
    expect((await store.trace.forUser('t1', 'u1', 2)).map((e) => e.reason)).toEqual(['fourth', 'third']);
    expect(await store.trace.forUser('t1', 'u1', 0)).toEqual([]);
  });

  test('an entry round-trips with every field', async () => {
    const entry = traceEntry('t2', 'u1', 42);
    const withoutOptional = { ...traceEntry('t2', 'u1', 43), rule: undefined, result: undefined };
    delete withoutOptional.rule;
    delete withoutOptional.result;
    await store.trace.append([entry, withoutOptional]);
    expect(await store.trace.forUser('t2', 'u1', 5)).toEqual([withoutOptional, entry]);
  });

  test('prune keeps the newest entries of every user and says how many went', async () => {
    const entries = [
      ...[1, 2, 3, 4, 5].map((at) => traceEntry('t3', 'a', at)),
      ...[1, 2].map((at) => traceEntry('t3', 'b', at)),
      ...[1, 2, 3].map((at) => traceEntry('t4', 'a', at)),
    ];
    const fresh = await open();
    await fresh.trace.append(entries);
    expect(await fresh.trace.prune(2)).toBe(4);
    expect((await fresh.trace.forUser('t3', 'a', 10)).map((e) => e.at)).toEqual([5, 4]);
    expect((await fresh.trace.forUser('t3', 'b', 10)).map((e) => e.at)).toEqual([2, 1]);
    expect((await fresh.trace.forUser('t4', 'a', 10)).map((e) => e.at)).toEqual([3, 2]);
    expect(await fresh.trace.prune(2)).toBe(0);
    expect(await fresh.trace.prune(0)).toBe(6);
    await fresh.close();
  });

  test('prune keeps counting right across appends and repeated prunes', async () => {
    const fresh = await open();
    for (let round = 0; round < 3; round++) {
      await fresh.trace.append([1, 2, 3].map((i) => traceEntry('t6', 'u', round * 10 + i)));
      expect(await fresh.trace.prune(2)).toBe(round === 0 ? 1 : 3);
      expect((await fresh.trace.forUser('t6', 'u', 10)).map((e) => e.at)).toEqual([round * 10 + 3, round * 10 + 2]);
    }
    await fresh.close();
  });

  test('prune keeps the newest by time, even for entries appended out of order', async () => {
    const fresh = await open();
    await fresh.trace.append([
      traceEntry('t7', 'u', 30),
      traceEntry('t7', 'u', 10),
      traceEntry('t7', 'u', 20),
      traceEntry('t7', 'u', 30, 'later tie'),
    ]);
    expect(await fresh.trace.prune(2)).toBe(2);
    expect((await fresh.trace.forUser('t7', 'u', 10)).map((e) => e.reason)).toEqual(['later tie', 'reason 30']);
    await fresh.close();
  });

  test.each([[-1], [1.5], [Number.NaN]])('refuses a limit or keep count of %p', async (bad) => {
    await expect(store.trace.forUser('t1', 'u1', bad)).rejects.toThrow(StoreInputError);
    await expect(store.trace.prune(bad)).rejects.toThrow(StoreInputError);
  });

  test('a batch with an entry without user is refused whole', async () => {
    await expect(store.trace.append([traceEntry('t5', 'u1', 1), traceEntry('t5', '', 2)])).rejects.toThrow(StoreInputError);
    expect(await store.trace.forUser('t5', 'u1', 5)).toEqual([]);
  });
});
