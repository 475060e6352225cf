/** Directory refresh and sync now start background jobs; their progress is read by job id. */
import type { Server } from 'restify';
import type { DirectoryRefreshResult } from '../identity';
import { NotFoundError } from './request-errors';
import { parseInput, readJson } from './request-input';
import { jobIdParam, refreshBodySchema } from './request-schemas';
import { route } from './route-kit';
import type { AdminRouteDeps } from './admin-route-deps';
import type { JobRegistry } from './job-registry';

/** The per-user match can hold 100,000 rows: a job result keeps the outcome and the counts only. */
export function refreshOutcome(result: DirectoryRefreshResult) {
  const { match: _match, ...outcome } = result;
  return outcome;
}

export function registerJobRoutes(server: Server, deps: AdminRouteDeps, jobs: JobRegistry): void {
  const { admin } = deps;

  server.post(
    '/api/admin/directory/refresh',
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      const { acceptDrop } = parseInput(refreshBodySchema, await readJson(req), 'body');
      const job = jobs.start(tenantId, 'directoryRefresh', async (report) =>
        refreshOutcome(
          await admin.refreshDirectory(tenantId, { acceptDrop, by, onProgress: (p) => report({ phase: p.phase, counts: p.counts }) }),
        ),
      );
      return { status: 202, json: { jobId: job.jobId } };
    }),
  );

  server.post(
    '/api/admin/sync-now',
    route(deps, 'admin', async ({ tenantId }) => {
      const job = jobs.start(tenantId, 'syncNow', async (report) => {
        const { refresh, sweep } = await admin.syncNow(tenantId, (p) => report({ phase: p.phase, detail: p.detail }));
        return { refresh: refreshOutcome(refresh), sweep };
      });
      return { status: 202, json: { jobId: job.jobId } };
    }),
  );

  server.get(
    '/api/admin/jobs/:jobId',
    route(deps, 'admin', async ({ tenantId, req }) => {
      const job = jobs.get(tenantId, parseInput(jobIdParam, req.params.jobId, 'jobId'));
      if (!job)
        throw new NotFoundError(
          'unknownJob',
          'No such job in this tenant.',
          'Jobs are kept for an hour after they finish; start a new one.',
        );
      return { status: 200, json: job };
    }),
  );
}
