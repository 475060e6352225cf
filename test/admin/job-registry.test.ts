import { createJobRegistry } from '../../src/admin/job-registry';

test('finished jobs are forgotten after the keep time and beyond the per-tenant count', async () => {
  let now = 0;
  const jobs = createJobRegistry({ clock: { now: () => now }, keepMs: 60_000, keepPerTenant: 2 });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    now += 1000;
    ids.push(jobs.start('t1', 'syncNow', async () => i).jobId);
    await jobs.idle();
  }
  now += 1000;
  jobs.start('t1', 'syncNow', async () => 'fourth');
  await jobs.idle();
  expect(jobs.get('t1', ids[0])).toBeUndefined(); // beyond the count
  expect(jobs.get('t1', ids[2])).toMatchObject({ done: true, result: 2 });

  now += 61_000;
  jobs.start('t1', 'syncNow', async () => 'later');
  expect(jobs.get('t1', ids[2])).toBeUndefined(); // older than the keep time
  await jobs.idle();
});

test('progress after the job ended does not change it, and an unexpected failure is reported with a generic message', async () => {
  const unexpected: unknown[] = [];
  const jobs = createJobRegistry({ onUnexpectedError: (err) => unexpected.push(err) });
  let late: ((p: { phase: string }) => void) | undefined;
  const job = jobs.start('t1', 'directoryRefresh', async (report) => {
    late = report;
    throw new Error('socket hang up at 10.0.0.7');
  });
  await jobs.idle();
  late!({ phase: 'matching' });
  const view = jobs.get('t1', job.jobId)!;
  expect(view).toMatchObject({ done: true, phase: 'failed', error: { code: 'internal' } });
  expect(view.error!.message).not.toMatch(/10\.0\.0\.7/);
  expect(unexpected).toHaveLength(1);
  expect(jobs.get('t2', job.jobId)).toBeUndefined();
});
