import type { Scheduler } from '../../src/sync/ports';
import type { TraceEntry } from '../../src/sync/types';
import { createTraceBatcher } from '../../src/store/trace-batcher';
import { traceEntry } from './test-store';

/** A scheduler on fake time: `advance(ms)` runs what has come due. */
function fakeScheduler(): Scheduler & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let timers: { due: number; fn: () => void }[] = [];
  return {
    after(ms, fn) {
      const timer = { due: now + ms, fn };
      timers.push(timer);
      return { cancel: () => (timers = timers.filter((t) => t !== timer)) };
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.due <= now);
      timers = timers.filter((t) => t.due > now);
      due.forEach((t) => t.fn());
    },
    pending: () => timers.length,
  };
}

function recordingRepository() {
  const batches: TraceEntry[][] = [];
  return { batches, append: async (entries: TraceEntry[]) => void batches.push(entries) };
}

/** Lets pending promise callbacks run (no time passes). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const entries = (n: number) => Array.from({ length: n }, (_, i) => traceEntry('t1', 'u1', i));

describe('createTraceBatcher', () => {
  test('record only buffers; the batch is written once the flush delay has passed', async () => {
    const scheduler = fakeScheduler();
    const repository = recordingRepository();
    const batcher = createTraceBatcher({ repository, scheduler, onError: jest.fn(), flushAfterMs: 1000 });
    entries(3).forEach((e) => batcher.record(e));
    scheduler.advance(999);
    await settle();
    expect(repository.batches).toEqual([]);
    scheduler.advance(1);
    await settle();
    expect(repository.batches).toEqual([entries(3)]);
  });

  test('a full batch is written at once, without waiting for the timer', async () => {
    const scheduler = fakeScheduler();
    const repository = recordingRepository();
    const batcher = createTraceBatcher({ repository, scheduler, onError: jest.fn(), maxBatch: 2 });
    entries(5).forEach((e) => batcher.record(e));
    await batcher.flush();
    expect(repository.batches.map((b) => b.map((e) => e.at))).toEqual([[0, 1], [2, 3], [4]]);
    expect(scheduler.pending()).toBe(0);
  });

  test('a failed batch is reported with how many entries were lost, and later batches still go', async () => {
    const scheduler = fakeScheduler();
    const onError = jest.fn();
    const written: TraceEntry[][] = [];
    let fail = true;
    const repository = {
      append: async (batch: TraceEntry[]) => {
        if (fail) throw new Error('disk full');
        written.push(batch);
      },
    };
    const batcher = createTraceBatcher({ repository, scheduler, onError });
    entries(2).forEach((e) => batcher.record(e));
    await batcher.flush();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'disk full' }), 2);
    fail = false;
    batcher.record(traceEntry('t1', 'u1', 9));
    await batcher.flush();
    expect(written).toEqual([[traceEntry('t1', 'u1', 9)]]);
  });

  test('stop writes what is left and accepts nothing after', async () => {
    const scheduler = fakeScheduler();
    const repository = recordingRepository();
    const batcher = createTraceBatcher({ repository, scheduler, onError: jest.fn() });
    batcher.record(traceEntry('t1', 'u1', 1));
    await batcher.stop();
    batcher.record(traceEntry('t1', 'u1', 2));
    await batcher.flush();
    expect(repository.batches).toEqual([[traceEntry('t1', 'u1', 1)]]);
    expect(scheduler.pending()).toBe(0);
  });
});
