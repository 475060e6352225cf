/**
 * A TraceSink for the engine that writes the trace in batches: `record` only buffers; a batch goes to the
 * repository when it is full or `flushAfterMs` after its first entry, whichever comes first. Batches are
 * written in order, one after another. `stop()` writes what is left.
 */
import type { Scheduler, TimerHandle, TraceSink } from '../sync/ports';
import type { TraceEntry } from '../sync/types';
import type { TraceRepository } from './store';

export interface TraceBatcherOptions {
  repository: Pick<TraceRepository, 'append'>;
  scheduler: Scheduler;
  /** Told about a batch that could not be written (those entries are lost; the engine carries on). */
  onError: (error: unknown, lostEntries: number) => void;
  maxBatch?: number;
  flushAfterMs?: number;
}

export interface TraceBatcher extends TraceSink {
  /** Writes everything recorded so far; resolves when it is stored. */
  flush(): Promise<void>;
  /** Flushes and stops accepting entries. */
  stop(): Promise<void>;
}

export function createTraceBatcher(options: TraceBatcherOptions): TraceBatcher {
  const maxBatch = options.maxBatch ?? 500;
  const flushAfterMs = options.flushAfterMs ?? 1000;
  let buffer: TraceEntry[] = [];
  let timer: TimerHandle | undefined;
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;

  const flush = (): Promise<void> => {
    timer?.cancel();
    timer = undefined;
    if (buffer.length > 0) {
      const batch = buffer;
      buffer = [];
      writing = writing.then(() =>
        options.repository.append(batch).catch((error: unknown) => options.onError(error, batch.length)),
      );
    }
    return writing;
  };

  return {
    record(entry) {
      if (stopped) return;
      buffer.push(entry);
      if (buffer.length >= maxBatch) void flush();
      else if (timer === undefined) timer = options.scheduler.after(flushAfterMs, () => void flush());
    },
    flush,
    async stop() {
      stopped = true;
      await flush();
    },
  };
}
