/**
 * Long admin actions (directory refresh, sync now) run in the background; their progress lives here, per
 * tenant, in memory. One job runs per tenant at a time (both kinds refresh the directory). Finished jobs are
 * kept for a while so the tab can read the outcome, then forgotten.
 */
import { randomUUID } from 'node:crypto';
import { explainedError } from './error-answer';
import { JobAlreadyRunningError } from './request-errors';

export type JobKind = 'directoryRefresh' | 'syncNow';

export interface JobProgress {
  phase: string;
  counts?: Record<string, number | undefined>;
  detail?: string;
}

export interface JobView {
  jobId: string;
  kind: JobKind;
  phase: string;
  counts: Record<string, number>;
  detail?: string;
  done: boolean;
  startedAt: number;
  finishedAt?: number;
  result?: unknown;
  error?: { code: string; message: string };
}

export interface JobRegistry {
  /** Starts `run` in the background; throws JobAlreadyRunningError while another job of the tenant runs. */
  start(tenantId: string, kind: JobKind, run: (report: (progress: JobProgress) => void) => Promise<unknown>): JobView;
  /** A job of another tenant is never returned. */
  get(tenantId: string, jobId: string): JobView | undefined;
  /** Resolves when every running job has settled (tests, shutdown). */
  idle(): Promise<void>;
}

export interface JobRegistryOptions {
  clock?: { now(): number };
  /** How long a finished job stays readable. Default one hour. */
  keepMs?: number;
  /** Finished jobs kept per tenant at most. Default 20. */
  keepPerTenant?: number;
  /** Told about failures that are not explained to the caller (the job only shows a generic message). */
  onUnexpectedError?(err: unknown, job: { tenantId: string; jobId: string; kind: JobKind }): void;
}

export function createJobRegistry(options: JobRegistryOptions = {}): JobRegistry {
  const clock = options.clock ?? { now: () => Date.now() };
  const keepMs = options.keepMs ?? 60 * 60_000;
  const keepPerTenant = options.keepPerTenant ?? 20;
  const byTenant = new Map<string, Map<string, JobView>>();
  const running = new Set<Promise<void>>();

  function jobsOf(tenantId: string): Map<string, JobView> {
    let jobs = byTenant.get(tenantId);
    if (!jobs) byTenant.set(tenantId, (jobs = new Map()));
    return jobs;
  }

  function forgetOld(jobs: Map<string, JobView>): void {
    const finished = [...jobs.values()].filter((j) => j.done).sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0));
    finished.forEach((job, index) => {
      if (index >= keepPerTenant || clock.now() - (job.finishedAt ?? 0) > keepMs) jobs.delete(job.jobId);
    });
  }

  return {
    start(tenantId, kind, run) {
      const jobs = jobsOf(tenantId);
      forgetOld(jobs);
      const busy = [...jobs.values()].find((j) => !j.done);
      if (busy) throw new JobAlreadyRunningError(busy.jobId, busy.kind);

      const job: JobView = { jobId: randomUUID(), kind, phase: 'queued', counts: {}, done: false, startedAt: clock.now() };
      jobs.set(job.jobId, job);
      const report = (p: JobProgress) => {
        if (job.done) return;
        job.phase = p.phase;
        if (p.counts) for (const [k, v] of Object.entries(p.counts)) if (typeof v === 'number') job.counts[k] = v;
        job.detail = p.detail;
      };
      const settle = (outcome: { result?: unknown; error?: JobView['error'] }) => {
        Object.assign(job, outcome, { phase: outcome.error ? 'failed' : 'done', done: true, finishedAt: clock.now() });
      };
      // Started on the next tick so the caller has the job id before any progress is reported.
      const task = Promise.resolve()
        .then(() => run(report))
        .then(
          (result) => settle({ result }),
          (err: unknown) => {
            const explained = explainedError(err);
            if (!explained) options.onUnexpectedError?.(err, { tenantId, jobId: job.jobId, kind });
            settle({
              error: explained
                ? { code: explained.body.error, message: explained.body.message }
                : {
                    code: 'internal',
                    message: `The ${kind} job failed unexpectedly. The service log has the details under job id ${job.jobId}.`,
                  },
            });
          },
        )
        .finally(() => running.delete(task));
      running.add(task);
      return { ...job };
    },

    get(tenantId, jobId) {
      const job = byTenant.get(tenantId)?.get(jobId);
      return job && { ...job, counts: { ...job.counts } };
    },

    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
