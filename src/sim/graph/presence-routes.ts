/** Graph's presence endpoints: read many, and the session / preferred-presence actions. */
import { z } from 'zod';
import { BareStatusError, GraphApiError } from './errors';
import type { GraphContext, GraphRoute } from './graph-route';
import { HOUR_MS, MINUTE_MS, parseIsoDuration } from './iso-duration';
import { PREFERRED_PRESENCES, defaultPreferredExpiryMs } from './presence-aggregation';
import { ACTIVITIES, AVAILABILITIES, SETTABLE_SESSION_PAIRS_TEXT, isSettableSessionPair, type TeamsPresence } from './presence-vocabulary';
import { parseFencingToken } from '../fencing-ledger';
import { INVALID_JSON, emptyResponse, jsonResponse, parseJsonBody, type SimRequest } from './sim-http';

export const MAX_PRESENCE_IDS = 650;
const READ = ['Presence.Read.All', 'Presence.ReadWrite.All'];
const WRITE = ['Presence.ReadWrite.All'];
const USER = '([^/]+)';

const idsBody = z.object({ ids: z.array(z.string()) });
const sessionBody = z.object({
  sessionId: z.string().optional(),
  availability: z.string().optional(),
  activity: z.string().optional(),
  expirationDuration: z.string().optional(),
});
const preferredBody = z.object({
  availability: z.string().optional(),
  activity: z.string().optional(),
  expirationDuration: z.string().optional(),
});

export const presenceRoutes: GraphRoute[] = [
  {
    method: 'POST',
    pattern: /^\/communications\/getPresencesByUserId$/,
    endpoint: 'getPresencesByUserId',
    permissions: READ,
    presenceBudget: true,
    handle: (req, ctx) => {
      const { ids } = parseBody(req, idsBody, 'Send {"ids": ["<user object id>", ...]}.');
      const faults = ctx.tenant.faults;
      if (faults.bareBadRequestAboveIds !== undefined && ids.length > faults.bareBadRequestAboveIds) throw new BareStatusError(400);
      if (ids.length > MAX_PRESENCE_IDS) {
        throw new GraphApiError(400, 'BadRequest', `The number of ids (${ids.length}) exceeds the limit of ${MAX_PRESENCE_IDS}.`);
      }
      if (faults.failOnDeletedIds && ids.some((id) => ctx.tenant.directory.isRemoved(id))) {
        throw new GraphApiError(500, 'InternalServerError', 'An internal server error occurred.');
      }
      return jsonResponse(200, {
        '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#Collection(microsoft.graph.presence)`,
        value: ids.map((id) => presenceBody(id, ctx)),
      });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${USER}/presence$`),
    endpoint: 'getPresence',
    permissions: READ,
    presenceBudget: true,
    handle: (_req, ctx, [id]) => {
      requireUser(id, ctx);
      return jsonResponse(200, {
        '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#users('${id}')/presence/$entity`,
        ...presenceBody(id, ctx),
      });
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/users/${USER}/presence/setPresence$`),
    endpoint: 'setPresence',
    permissions: WRITE,
    presenceBudget: true,
    handle: (req, ctx, [id]) => {
      const body = parseBody(req, sessionBody, 'Send {sessionId, availability, activity, expirationDuration}.');
      const sessionId = requireSessionId(body.sessionId, ctx);
      const pair = { availability: body.availability, activity: body.activity } as TeamsPresence;
      if (!isKnownPresence(pair) || !isSettableSessionPair(pair.availability, pair.activity)) {
        throw invalid(
          `The availability/activity pair ${pair.availability}/${pair.activity} cannot be set; allowed: ${SETTABLE_SESSION_PAIRS_TEXT}.`,
        );
      }
      const duration = body.expirationDuration === undefined ? 5 * MINUTE_MS : parseIsoDuration(body.expirationDuration);
      if (duration === null || duration < 5 * MINUTE_MS || duration > 4 * HOUR_MS) {
        throw invalid(`expirationDuration ${body.expirationDuration} must be an ISO-8601 duration from PT5M to PT4H.`);
      }
      requireUser(id, ctx);
      requireFreshFencingToken(req, ctx);
      ctx.tenant.presence.setSession(id, { sessionId, ...pair, setAt: ctx.now, expiresAt: ctx.now + duration, decays: true }, ctx.now);
      return emptyResponse(200);
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/users/${USER}/presence/clearPresence$`),
    endpoint: 'clearPresence',
    permissions: WRITE,
    presenceBudget: true,
    handle: (req, ctx, [id]) => {
      const body = parseBody(req, sessionBody, 'Send {sessionId}.');
      const sessionId = requireSessionId(body.sessionId, ctx);
      requireUser(id, ctx);
      requireFreshFencingToken(req, ctx);
      if (!ctx.tenant.presence.clearSession(id, sessionId, ctx.now)) {
        throw new GraphApiError(404, 'NotFound', `No presence session ${sessionId} for user ${id}.`);
      }
      return emptyResponse(200);
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/users/${USER}/presence/setUserPreferredPresence$`),
    endpoint: 'setUserPreferredPresence',
    permissions: WRITE,
    presenceBudget: true,
    handle: (req, ctx, [id]) => {
      const body = parseBody(req, preferredBody, 'Send {availability, activity, expirationDuration?}.');
      const pair = PREFERRED_PRESENCES.find((p) => p.availability === body.availability && p.activity === body.activity);
      if (!pair) {
        throw invalid(
          `The preferred pair ${body.availability}/${body.activity} is not allowed; allowed: ${PREFERRED_PRESENCES.map((p) => `${p.availability}/${p.activity}`).join(', ')}.`,
        );
      }
      const duration =
        body.expirationDuration === undefined ? defaultPreferredExpiryMs(pair.availability) : parseIsoDuration(body.expirationDuration);
      if (duration === null || duration <= 0) throw invalid(`expirationDuration ${body.expirationDuration} is not an ISO-8601 duration.`);
      requireUser(id, ctx);
      requireFreshFencingToken(req, ctx);
      ctx.tenant.presence.setPreferred(id, { ...pair, expiresAt: ctx.now + duration }, ctx.now);
      return emptyResponse(200);
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/users/${USER}/presence/clearUserPreferredPresence$`),
    endpoint: 'clearUserPreferredPresence',
    permissions: WRITE,
    presenceBudget: true,
    handle: (req, ctx, [id]) => {
      requireUser(id, ctx);
      requireFreshFencingToken(req, ctx);
      ctx.tenant.presence.clearPreferred(id, ctx.now);
      return emptyResponse(200);
    },
  },
];

function presenceBody(id: string, ctx: GraphContext) {
  const known = ctx.tenant.directory.get(id) !== undefined;
  const reading = known
    ? ctx.tenant.presence.read(id, ctx.now)
    : { availability: 'PresenceUnknown', activity: 'PresenceUnknown', sequenceNumber: '' };
  return {
    id,
    availability: reading.availability,
    activity: reading.activity,
    sequenceNumber: reading.sequenceNumber,
    statusMessage: null,
    outOfOfficeSettings: { message: null, isOutOfOffice: false },
    workLocation: null,
  };
}

function parseBody<T>(req: SimRequest, schema: z.ZodType<T>, hint: string): T {
  const raw = parseJsonBody(req);
  if (raw === INVALID_JSON) throw new GraphApiError(400, 'BadRequest', `The request body is not valid JSON. ${hint}`);
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw new GraphApiError(400, 'BadRequest', `Invalid request body: ${z.prettifyError(parsed.error)} ${hint}`);
  return parsed.data;
}

function requireSessionId(sessionId: string | undefined, ctx: GraphContext): string {
  if (!sessionId) throw invalid('sessionId is required: use the application (client) id.');
  if (sessionId.toLowerCase() !== ctx.clientId.toLowerCase()) {
    throw invalid(`sessionId ${sessionId} must be the calling application's client id (${ctx.clientId}).`);
  }
  return ctx.clientId;
}

function requireUser(id: string, ctx: GraphContext): void {
  if (!ctx.tenant.directory.get(id)) throw new GraphApiError(404, 'NotFound', `User ${id} was not found.`);
}

function isKnownPresence(p: { availability?: string; activity?: string }): p is TeamsPresence {
  return (
    (AVAILABILITIES as readonly string[]).includes(p.availability ?? '') && (ACTIVITIES as readonly string[]).includes(p.activity ?? '')
  );
}

function invalid(message: string): GraphApiError {
  return new GraphApiError(400, 'InvalidArgument', message);
}

/**
 * Not Graph's: a writer that sends a fencing token (X-PresenceBridge-Fencing-Token) older than one already seen
 * for this tenant is refused, so a test can show that no stale replica's write was applied (../fencing-ledger.ts).
 */
export const FENCING_TOKEN_HEADER = 'x-presencebridge-fencing-token';

function requireFreshFencingToken(req: SimRequest, ctx: GraphContext): void {
  const token = parseFencingToken(req.headers[FENCING_TOKEN_HEADER]);
  if (!ctx.tenant.fencing.admit(token)) {
    throw new GraphApiError(
      409,
      'Conflict',
      `Fencing token ${token} is older than one already seen for this tenant: a newer writer runs it.`,
    );
  }
}
