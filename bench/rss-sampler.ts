import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
/** Peak resident memory of this process, sampled (the simulators run elsewhere, so this is the service's). */
export interface RssPeak {
  rssMb: number;
  /** Where the memory was at the peak: V8 heap in use, heap reserved, and memory outside the heap (buffers, SQLite, sockets). */
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

export interface RssSampler {
  stop(): RssPeak;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function sampleRss(everyMs = 100): RssSampler {
  let peak = process.memoryUsage();
  const take = () => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) peak = now;
  };
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      take();
      return { rssMb: mb(peak.rss), heapUsedMb: mb(peak.heapUsed), heapTotalMb: mb(peak.heapTotal), externalMb: mb(peak.external) };
    },
  };
}

export interface PhaseMemory {
  phase: string;
  rssMb: number;
  heapUsedMb: number;
  /** After a full garbage collection (only when Node runs with --expose-gc): what is really kept. */
  heapUsedAfterGcMb?: number;
  /** Linux: RSS split into anonymous memory (heap, malloc) and mapped files (the node binary, SQLite's -shm). */
  rssAnonMb?: number;
  rssFileMb?: number;
  /** V8's own malloc (compiler zones, etc.), outside the JS heap. */
  v8MallocedMb?: number;
}

function procStatusMb(field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : undefined;
  } catch {
    return undefined; // not Linux
  }
}

/** Memory at a point of the run; with --expose-gc also what survives a full collection. */
export function memoryAt(phase: string, o: { gc?: boolean } = {}): PhaseMemory {
  const before = process.memoryUsage();
  const gc = o.gc === false ? undefined : (globalThis as { gc?: () => void }).gc;
  const result: PhaseMemory = {
    phase,
    rssMb: mb(before.rss),
    heapUsedMb: mb(before.heapUsed),
    rssAnonMb: procStatusMb('RssAnon'),
    rssFileMb: procStatusMb('RssFile'),
    v8MallocedMb: mb(getHeapStatistics().malloced_memory),
  };
  if (gc) {
    gc();
    result.heapUsedAfterGcMb = mb(process.memoryUsage().heapUsed);
  }
  return result;
}
