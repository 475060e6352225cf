/**
 * The simulator's own control API under /_sim (JSON, no auth: loopback only), so the demo and a person with
 * curl can add tenants and people, script presence, switch faults and read statistics. For example:
 *
 *   curl -k -X POST $SIM/_sim/tenants -d '{"generateUsers":{"count":50,"seed":1}}'
 *   curl -k -X PUT  $SIM/_sim/tenants/$T/users/$U/presence -d '{"availability":"Busy","activity":"InAMeeting"}'
 *   curl -k -X POST $SIM/_sim/tenants/$T/scripts -d '{"changesPerSecond":2}'
 *   curl -k -X PUT  $SIM/_sim/tenants/$T/faults -d '{"serverErrorRate":0.1}'
 *   curl -k -X PUT  $SIM/_sim/tenants/$T/app -d '{"secret":"expired"}'
 *   curl -k $SIM/_sim/tenants/$T/stats
 */
import { z } from 'zod';
import { generatePeople } from '../people';
import { ACTIVITIES, AVAILABILITIES } from './presence-vocabulary';
import { SimulatorUsageError } from './errors';
import { INVALID_JSON, emptyResponse, jsonResponse, parseJsonBody, type SimRequest, type SimResponse } from './sim-http';
import type { SimulatorCore } from './simulator-core';
import type { TenantControls } from './tenant-controls';

const directoryUser = z.object({
  id: z.string().min(1),
  displayName: z.string().optional(),
  userPrincipalName: z.string().optional(),
  mail: z.string().optional(),
  proxyAddresses: z.array(z.string()).optional(),
  otherMails: z.array(z.string()).optional(),
  accountEnabled: z.boolean().optional(),
  businessPhones: z.array(z.string()).optional(),
  mobilePhone: z.string().optional(),
  teamsPhoneNumber: z.string().optional(),
});
const tenantSpec = z
  .object({
    tenantId: z.string().optional(),
    domain: z.string().optional(),
    clientId: z.string().optional(),
    clientSecret: z.string().optional(),
    clientCertificatePem: z.union([z.string(), z.array(z.string())]).optional(),
    permissions: z.array(z.string()).optional(),
    consented: z.boolean().optional(),
    users: z.array(directoryUser).optional(),
    generateUsers: z.object({ count: z.number().int().min(0).max(200_000), seed: z.number().int().default(1) }).optional(),
    presenceRequestsPer30s: z.number().int().positive().optional(),
    opaqueAccessTokens: z.boolean().optional(),
  })
  .strict();
const addUsers = z.union([
  z.object({ users: z.array(directoryUser) }).strict(),
  z.object({ generate: z.object({ count: z.number().int().min(1).max(200_000), seed: z.number().int().default(1) }) }).strict(),
]);
const presencePair = z.object({ availability: z.enum(AVAILABILITIES), activity: z.enum(ACTIVITIES) });
const preferred = presencePair.extend({ expiresInMs: z.number().int().positive().optional() });
const appChange = z
  .object({
    consented: z.boolean().optional(),
    consentAnswer: z.enum(['grant', 'decline']).optional(),
    permissions: z.array(z.string()).optional(),
    secret: z.enum(['expired', 'rotate']).optional(),
    deleted: z.boolean().optional(),
    revokeTokens: z.literal(true).optional(),
    opaqueAccessTokens: z.boolean().optional(),
  })
  .strict();
const storm = z.object({
  durationMs: z.number().positive(),
  retryAfterSeconds: z.number().positive(),
  rate: z.number().min(0).max(1).optional(),
});
const script = z.object({ changesPerSecond: z.number().positive().max(10_000), seed: z.number().int().optional() });
const limit = z.object({ requestsPer30s: z.number().int().positive() });

type Handler = (req: SimRequest, core: SimulatorCore, params: string[]) => SimResponse;
const T = '/_sim/tenants/([^/]+)';
const U = `${T}/users/([^/]+)`;

const routes: [string, RegExp, Handler][] = [
  ['GET', /^\/_sim\/tenants$/, (_r, core) => jsonResponse(200, { tenants: core.tenantIds() })],
  [
    'POST',
    /^\/_sim\/tenants$/,
    (req, core) => {
      const { generateUsers, ...spec } = body(req, tenantSpec);
      const credentials = core.addTenant(spec);
      if (generateUsers) core.tenant(credentials.tenantId).addUsers(generatePeople(generateUsers.count, generateUsers.seed).directoryUsers);
      return jsonResponse(201, credentials);
    },
  ],
  [
    'GET',
    re(T),
    (_r, core, [t]) =>
      jsonResponse(200, { ...core.credentialsOf(t), userCount: core.tenant(t).userCount, permissions: core.tenant(t).permissions }),
  ],
  [
    'POST',
    re(`${T}/users`),
    (req, core, [t]) => {
      const input = body(req, addUsers);
      const users = 'users' in input ? input.users : generatePeople(input.generate.count, input.generate.seed).directoryUsers;
      core.tenant(t).addUsers(users);
      return jsonResponse(201, { added: users.length, userCount: core.tenant(t).userCount });
    },
  ],
  ['GET', re(U), (_r, core, [t, u]) => found(core.tenant(t).getUser(u), u)],
  [
    'PATCH',
    re(U),
    (req, core, [t, u]) => jsonResponse(200, core.tenant(t).updateUser(u, body(req, directoryUser.omit({ id: true }).strict()))),
  ],
  ['DELETE', re(U), (_r, core, [t, u]) => (core.tenant(t).removeUser(u), emptyResponse(204))],
  ['GET', re(`${U}/presence`), (_r, core, [t, u]) => presenceView(core.tenant(t), u)],
  [
    'PUT',
    re(`${U}/presence`),
    (req, core, [t, u]) => {
      const pair = body(req, presencePair);
      core.tenant(t).setUserPresence(u, pair.availability, pair.activity);
      return presenceView(core.tenant(t), u);
    },
  ],
  [
    'PUT',
    re(`${U}/preferred-presence`),
    (req, core, [t, u]) => {
      const p = body(req, preferred);
      core.tenant(t).setPreferredPresence(u, p.availability, p.activity, p.expiresInMs);
      return presenceView(core.tenant(t), u);
    },
  ],
  [
    'DELETE',
    re(`${U}/preferred-presence`),
    (_r, core, [t, u]) => (core.tenant(t).clearPreferredPresence(u), presenceView(core.tenant(t), u)),
  ],
  [
    'PUT',
    re(`${T}/app`),
    (req, core, [t]) => {
      const change = body(req, appChange);
      const c = core.tenant(t);
      if (change.consented !== undefined) c.setConsent(change.consented);
      if (change.consentAnswer) c.setConsentAnswer(change.consentAnswer);
      if (change.permissions) c.setPermissions(change.permissions);
      if (change.secret === 'expired') c.expireSecret();
      const rotated = change.secret === 'rotate' ? c.rotateSecret() : undefined;
      if (change.deleted === true) c.deleteApp();
      if (change.deleted === false) c.restoreApp();
      if (change.revokeTokens) c.revokeTokens();
      if (change.opaqueAccessTokens !== undefined) c.setOpaqueAccessTokens(change.opaqueAccessTokens);
      return jsonResponse(200, { permissions: c.permissions, ...(rotated ? { clientSecret: rotated } : {}) });
    },
  ],
  [
    'PUT',
    re(`${T}/faults`),
    (req, core, [t]) => (core.tenant(t).setFaults(body(req, z.record(z.string(), z.unknown())) as never), emptyResponse(204)),
  ],
  ['DELETE', re(`${T}/faults`), (_r, core, [t]) => (core.tenant(t).clearFaults(), emptyResponse(204))],
  [
    'POST',
    re(`${T}/throttle-storm`),
    (req, core, [t]) => {
      const s = body(req, storm);
      core.tenant(t).throttleStorm(s.durationMs, s.retryAfterSeconds, s.rate);
      return emptyResponse(204);
    },
  ],
  ['POST', re(`${T}/expire-delta-links`), (_r, core, [t]) => (core.tenant(t).expireDeltaLinks(), emptyResponse(204))],
  [
    'PUT',
    re(`${T}/presence-limit`),
    (req, core, [t]) => (core.tenant(t).setPresenceLimit(body(req, limit).requestsPer30s), emptyResponse(204)),
  ],
  [
    'GET',
    re(`${T}/stats`),
    (req, core, [t]) => {
      const { requests, ...counts } = core.tenant(t).stats();
      const withLog = req.query.get('log') === '1';
      const maxPer30s = core
        .tenant(t)
        .maxRequestsInWindow([
          'getPresencesByUserId',
          'getPresence',
          'setPresence',
          'clearPresence',
          'setUserPreferredPresence',
          'clearUserPreferredPresence',
        ]);
      return jsonResponse(200, { ...counts, maxPresenceRequestsPer30s: maxPer30s, ...(withLog ? { requests } : {}) });
    },
  ],
  ['DELETE', re(`${T}/stats`), (_r, core, [t]) => (core.tenant(t).resetStats(), emptyResponse(204))],
  [
    'POST',
    re(`${T}/scripts`),
    (req, core, [t]) => {
      const s = body(req, script);
      core.tenant(t).startPresenceScript(s);
      return jsonResponse(201, { started: true, changesPerSecond: s.changesPerSecond });
    },
  ],
  ['DELETE', re(`${T}/scripts`), (_r, core, [t]) => (core.tenant(t).stopScripts(), emptyResponse(204))],
];

export function isControlPath(path: string): boolean {
  return path.startsWith('/_sim/') || path === '/_sim';
}

export function handleControlRequest(req: SimRequest, core: SimulatorCore): SimResponse {
  for (const [method, pattern, handler] of routes) {
    const m = pattern.exec(req.path);
    if (m && method === req.method) {
      try {
        return handler(req, core, m.slice(1).map(decodeURIComponent));
      } catch (error) {
        if (error instanceof SimulatorUsageError || error instanceof RangeError) {
          const status = /^No (tenant|user)/.test(error.message) ? 404 : 400;
          return jsonResponse(status, { error: { code: 'SimulatorUsage', message: error.message } });
        }
        throw error;
      }
    }
  }
  return jsonResponse(404, {
    error: { code: 'NotFound', message: `No simulator control at ${req.method} ${req.path}. See src/sim/graph/control-routes.ts.` },
  });
}

function re(path: string): RegExp {
  return new RegExp(`^${path}$`);
}

function body<T>(req: SimRequest, schema: z.ZodType<T>): T {
  const raw = parseJsonBody(req);
  if (raw === INVALID_JSON) throw new SimulatorUsageError('The request body is not valid JSON.');
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw new SimulatorUsageError(`Invalid request body: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function found(value: unknown, id: string): SimResponse {
  return value === undefined ? jsonResponse(404, { error: { code: 'NotFound', message: `No user ${id}.` } }) : jsonResponse(200, value);
}

function presenceView(controls: TenantControls, userId: string): SimResponse {
  return jsonResponse(200, { presence: controls.presenceOf(userId), ...controls.sessionsOf(userId) });
}
