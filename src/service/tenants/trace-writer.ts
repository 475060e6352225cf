/**
 * The engine records a trace entry for every decision; the store takes them in batches so that a burst
 * of 100,000 decisions costs a few transactions, not 100,000. Entries are also counted in the metrics.
 */
import type { Logger } from '../../logger';
import type { TraceRepository } from '../../store/store';
import type { TraceSink } from '../../sync/ports';
import type { TraceEntry } from '../../sync/types';

export interface TraceWriter extends TraceSink {
  /** Write what is buffered now; resolves when it is stored. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function createTraceWriter(
  repo: Pick<TraceRepository, 'append' | 'prune'>,
  logger: Logger,
  options: { flushEveryMs?: number; maxBuffered?: number; keepPerUser?: number; onRecord?(entry: TraceEntry): void } = {},
): TraceWriter {
  const flushEveryMs = options.flushEveryMs ?? 500;
  const maxBuffered = options.maxBuffered ?? 5000;
  const keepPerUser = options.keepPerUser ?? 200;
  let buffer: TraceEntry[] = [];
  let writing: Promise<void> = Promise.resolve();
  let flushesSincePrune = 0;

  const flush = (): Promise<void> => {
    if (buffer.length === 0) return writing;
    const batch = buffer;
    buffer = [];
    writing = writing
      .then(() => repo.append(batch))
      .then(async () => {
        // Pruning scans the table: once a minute or so is plenty.
        if (++flushesSincePrune >= 120) {
          flushesSincePrune = 0;
          await repo.prune(keepPerUser);
        }
      })
      .catch((err: Error) => logger.error({ err: err.message, lost: batch.length }, 'could not store trace entries'));
    return writing;
  };
  const timer = setInterval(() => void flush(), flushEveryMs);
  timer.unref();

  return {
    record(entry) {
      buffer.push(entry);
      options.onRecord?.(entry);
      if (buffer.length >= maxBuffered) void flush();
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
