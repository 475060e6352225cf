/**
 * The benchmark's outside world, in its own process: the Graph/Entra simulator (with a realistic answer time)
 * and the PBX simulator. It also drives the load and takes the time stamps on the simulators' side, so both
 * ends of a latency are read from one clock:
 * - Teams -> PBX: a presence change made here -> the routing write the PBX simulator receives;
 * - PBX -> Teams: a line change made here -> the setPresence the Graph simulator receives (session setAt).
 */
import { generatePeople, PRESENCE_ENDPOINTS, startGraphSimulator, type GraphSimulator, type TenantControls } from '../src/sim/graph';
import { startPbxSimulator, type PbxSimulator } from '../src/sim/pbx';
import type { Activity, Availability, RoutingState } from '../src/sync/states';
import { serve } from './ipc';
import { sendWebhookLoad, type WebhookLoadResult } from './webhook-load';

export interface SimInit {
  users: number;
  seed: number;
  latencyMs: number;
  presenceLimitPer30s: number;
  servicePort: number;
  pbxSecret: string;
}

/** Teams states whose routing under the default preset is known, to cycle users through. */
const CYCLE: { availability: Availability; activity: Activity; routing: RoutingState }[] = [
  { availability: 'DoNotDisturb', activity: 'DoNotDisturb', routing: 'dnd' },
  { availability: 'Busy', activity: 'InACall', routing: 'busy' },
  { availability: 'BeRightBack', activity: 'BeRightBack', routing: 'away' },
  { availability: 'Available', activity: 'Available', routing: 'available' },
];

let graph: GraphSimulator;
let pbx: PbxSimulator;
let teams: TenantControls;
let clientId = '';
/** The tenant's own application and the ones added for a pool: whose sessions count as ours. */
const ourApps = new Set<string>();
let lineStateUrl = '';
let pbxSecret = '';
let routingWrites = 0;
let mapping: { userId: string; extension: string }[] = [];
const userOfExtension = new Map<string, string>();
const expectedRouting = new Map<string, RoutingState>();
const pending = new Map<string, { t0: number; expected: RoutingState; repeat: boolean }>();
let teamsSamples: number[] = [];
/** Samples of changes that came more than `repeatWithinMs` after the same user's previous change. */
let isolatedSamples: number[] = [];
const lastChangeAt = new Map<string, number>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `tick(dueEvents)` every 10 ms so that `ratePerSec` events happen on average over `durationMs`. */
async function paced(ratePerSec: number, durationMs: number, tick: (events: number) => void): Promise<number> {
  const start = Date.now();
  let done = 0;
  while (Date.now() - start < durationMs) {
    const due = Math.floor(((Date.now() - start) / 1000) * ratePerSec) - done;
    if (due > 0) {
      tick(due);
      done += due;
    }
    await sleep(10);
  }
  return done;
}

function randomUser(): { userId: string; extension: string } {
  return mapping[Math.floor(Math.random() * mapping.length)];
}

serve({
  async init(o: SimInit) {
    const people = generatePeople(o.users, o.seed);
    graph = await startGraphSimulator({ latencyMs: o.latencyMs, presenceRequestsPer30s: o.presenceLimitPer30s });
    const credentials = graph.addTenant({ users: people.directoryUsers });
    teams = graph.tenant(credentials.tenantId);
    clientId = credentials.clientId;
    ourApps.add(clientId);
    lineStateUrl = `http://127.0.0.1:${o.servicePort}/api/pbx/${credentials.tenantId}/line-state`;
    pbxSecret = o.pbxSecret;
    pbx = await startPbxSimulator({
      users: people.pbxUsers,
      secret: o.pbxSecret,
      lineStateWebhookUrl: `http://127.0.0.1:${o.servicePort}/api/pbx/${credentials.tenantId}/line-state`,
    });
    pbx.onRoutingWrite((record) => {
      routingWrites += 1;
      const userId = userOfExtension.get(record.extension);
      const p = userId && pending.get(userId);
      if (p && record.state === p.expected) {
        teamsSamples.push(record.receivedAt - p.t0);
        if (!p.repeat) isolatedSamples.push(record.receivedAt - p.t0);
        pending.delete(userId);
      }
    });
    return {
      graphUrl: graph.url,
      tenantId: credentials.tenantId,
      clientId,
      clientSecret: credentials.clientSecret,
      routingUrl: pbx.routingUrl,
      usersUrl: pbx.usersUrl,
    };
  },

  setMapping(pairs: [string, string][]) {
    mapping = pairs.map(([userId, extension]) => ({ userId, extension }));
    for (const m of mapping) {
      userOfExtension.set(m.extension, m.userId);
      expectedRouting.set(m.userId, 'available'); // nobody signed in yet (Offline): the default preset keeps calls flowing
    }
  },

  routingWrites: () => routingWrites,

  /** Random Teams changes at `ratePerSec`; each one is timed until the PBX receives the routing it implies. */
  async teamsLoad(o: { ratePerSec: number; durationMs: number; drainMs: number; repeatWithinMs: number }) {
    teamsSamples = [];
    isolatedSamples = [];
    pending.clear();
    lastChangeAt.clear();
    let repeats = 0;
    const changes = await paced(o.ratePerSec, o.durationMs, (events) => {
      for (let i = 0; i < events; i += 1) {
        let user = randomUser();
        for (let tries = 0; pending.has(user.userId) && tries < 20; tries += 1) user = randomUser();
        if (pending.has(user.userId)) continue;
        const current = expectedRouting.get(user.userId);
        const options = CYCLE.filter((c) => c.routing !== current);
        const next = options[Math.floor(Math.random() * options.length)];
        teams.setUserPresence(user.userId, next.availability, next.activity);
        expectedRouting.set(user.userId, next.routing);
        const t0 = Date.now();
        const repeat = t0 - (lastChangeAt.get(user.userId) ?? -Infinity) < o.repeatWithinMs;
        if (repeat) repeats += 1;
        lastChangeAt.set(user.userId, t0);
        pending.set(user.userId, { t0, expected: next.routing, repeat });
      }
    });
    const drainUntil = Date.now() + o.drainMs;
    while (pending.size > 0 && Date.now() < drainUntil) await sleep(20);
    return { changes, samples: teamsSamples, isolatedSamples, repeats, unresolved: pending.size };
  },

  /** Most presence requests (reads and writes, throttled ones included) in any 30 s window since the last reset. */
  graphWindow() {
    const stats = teams.stats();
    return {
      maxPresencePer30s: teams.maxRequestsInWindow(PRESENCE_ENDPOINTS, 30_000),
      byEndpoint: stats.byEndpoint,
      byStatus: stats.byStatus,
    };
  },

  resetGraphStats: () => teams.resetStats(),

  /** More applications in the tenant (an app-registration pool, issue 12.1), each with Graph's budget of its own. */
  addApps: (n: number) =>
    Array.from({ length: n }, () => {
      const app = teams.addApp();
      ourApps.add(app.clientId);
      return app;
    }),

  /** Presence requests per application, and each one's busiest 30 s window (answered, not throttled). */
  graphByApp() {
    const byApp = teams.requestsByApp(PRESENCE_ENDPOINTS);
    return Object.fromEntries(
      Object.entries(byApp).map(([clientId, requests]) => [
        clientId,
        { requests, maxPer30s: teams.maxRequestsInWindow(PRESENCE_ENDPOINTS, 30_000, { clientId, excludeThrottled: true }) },
      ]),
    );
  },

  storm: (o: { durationMs: number; retryAfterSeconds: number }) => teams.throttleStorm(o.durationMs, o.retryAfterSeconds),

  /**
   * Calls on the first `users` extensions at about `ratePerSec` line events (ringing, onCall, idle: three per
   * call). For each answered call: the time from the line change to the setPresence arriving at Graph.
   */
  async lineLoad(o: { ratePerSec: number; durationMs: number; users: number; ringMs: number; holdMs: number }) {
    const lines = mapping.slice(0, o.users);
    const idle = new Set(lines.map((l) => l.extension));
    const due: { at: number; extension: string; step: 'answer' | 'hangUp' }[] = [];
    const answeredAt = new Map<string, number>();
    const samples: number[] = [];
    let missing = 0;
    let events = 0;
    const failures: string[] = [];
    const fire = (p: Promise<unknown>) => void p.catch((err: Error) => failures.length < 5 && failures.push(err.message));
    const start = Date.now();
    let started = 0;
    const callRate = o.ratePerSec / 3;
    const finish = (extension: string) => {
      const userId = userOfExtension.get(extension)!;
      const lineAt = answeredAt.get(extension)!;
      // The session of any of the tenant's registrations (a pool writes through each of them).
      const own = teams
        .sessionsOf(userId)
        .sessions.filter((s) => ourApps.has(s.sessionId) && s.setAt >= lineAt)
        .sort((a, b) => a.setAt - b.setAt)[0];
      if (own) samples.push(own.setAt - lineAt);
      else missing += 1;
      fire(pbx.hangUp(extension));
      events += 1;
      idle.add(extension);
    };
    while (Date.now() - start < o.durationMs || due.length > 0) {
      const now = Date.now();
      due.sort((a, b) => a.at - b.at);
      while (due.length > 0 && due[0].at <= now) {
        const d = due.shift()!;
        if (d.step === 'answer') {
          fire(pbx.answer(d.extension));
          answeredAt.set(d.extension, pbx.state(d.extension).line.at);
          events += 1;
          due.push({ at: now + o.holdMs, extension: d.extension, step: 'hangUp' });
        } else finish(d.extension);
      }
      if (now - start < o.durationMs) {
        const toStart = Math.floor(((now - start) / 1000) * callRate) - started;
        for (let i = 0; i < toStart && idle.size > 0; i += 1) {
          const extension = idle.values().next().value!;
          idle.delete(extension);
          fire(pbx.placeCall(extension));
          events += 1;
          started += 1;
          due.push({ at: now + o.ringMs, extension, step: 'answer' });
        }
      }
      await sleep(5);
    }
    await pbx.settled();
    return { events, seconds: (Date.now() - start) / 1000, samples, missing, failures };
  },

  /** Signed line-state events straight at the service's webhook at `ratePerSec`, round-robin over the first `users` extensions. */
  webhookLoad: (o: { ratePerSec: number; durationMs: number; users: number }): Promise<WebhookLoadResult> =>
    sendWebhookLoad({ ...o, url: lineStateUrl, secret: pbxSecret, extensions: mapping.slice(0, o.users).map((m) => m.extension) }),

  async close() {
    await pbx?.close();
    await graph?.close();
  },
});
