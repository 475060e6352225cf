/** The service side of one benchmark phase, in a process of its own (so its peak RSS is its own). */
import type { BenchPolicy } from './bench-world';
import { serve } from './ipc';
import { runPbxToTeams } from './pbx-to-teams';
import { runTeamsToPbx } from './teams-to-pbx';
import { runWebhookIngest } from './webhook-ingest';

serve({
  teamsToPbx: (o: { users: number; durationMs: number; ratePerSec: number; policy?: BenchPolicy; appRegistrations?: number }) =>
    runTeamsToPbx(o.users, o),
  pbxToTeams: (o: { users: number; ratesPerSec: number[]; durationMs: number; policy?: BenchPolicy; appRegistrations?: number }) =>
    runPbxToTeams(o),
  webhookIngest: (o: { users: number; ratesPerSec: number[]; durationMs: number; paused?: boolean; policy?: BenchPolicy }) =>
    runWebhookIngest(o),
});
