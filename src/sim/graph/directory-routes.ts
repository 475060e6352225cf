/**
 * `GET /users/delta` (pages, nextLink, deltaLink, later rounds with changes only, removed users, 7-day link
 * expiry with 410 syncStateNotFound) and the Teams user configurations that carry phone numbers.
 */
import { GraphApiError } from './errors';
import type { GraphContext, GraphRoute } from './graph-route';
import { DAY_MS } from './iso-duration';
import { type PagingToken, decodePagingToken, encodePagingToken } from './paging-token';
import { jsonResponse, type SimRequest, type SimResponse } from './sim-http';
import { teamsUserConfiguration } from './teams-user-configuration';
import { parseSelect, shapeUser } from './user-fields';

export const DELTA_LINK_LIFETIME_MS = 7 * DAY_MS;
const USER_READ = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'];
const TEAMS_CONFIG_READ = ['TeamsUserConfiguration.Read.All'];

export const directoryRoutes: GraphRoute[] = [
  {
    method: 'GET',
    pattern: /^\/users\/delta$/,
    endpoint: 'users/delta',
    permissions: USER_READ,
    presenceBudget: false,
    handle: usersDelta,
  },
  {
    method: 'GET',
    pattern: /^\/admin\/teams\/userConfigurations$/,
    endpoint: 'userConfigurations',
    permissions: TEAMS_CONFIG_READ,
    presenceBudget: false,
    handle: listTeamsConfigurations,
  },
  {
    method: 'GET',
    pattern: /^\/admin\/teams\/userConfigurations\/([^/]+)$/,
    endpoint: 'userConfiguration',
    permissions: TEAMS_CONFIG_READ,
    presenceBudget: false,
    handle: (_req, ctx, [id]) => {
      const user = ctx.tenant.directory.get(id);
      if (!user) throw new GraphApiError(404, 'NotFound', `No Teams user configuration for ${id}.`);
      return jsonResponse(200, teamsUserConfiguration(user, ctx.tenant.tenantId, ctx.tenant.directory.createdAt(id) ?? 0));
    },
  },
];

function readTop(req: SimRequest, fallback: number): number {
  const text = req.query.get('$top');
  if (text === null) return fallback;
  const top = Number(text);
  if (!Number.isInteger(top) || top < 1 || top > 999) {
    throw new GraphApiError(400, 'Request_BadRequest', `Invalid page size ${text}: $top must be an integer from 1 to 999.`);
  }
  return top;
}

function usersDelta(req: SimRequest, ctx: GraphContext): SimResponse {
  const directory = ctx.tenant.directory;
  const skip = req.query.get('$skiptoken');
  const delta = req.query.get('$deltatoken');
  let token: PagingToken;
  if (skip !== null || (delta !== null && delta !== 'latest')) {
    token = decodePagingToken((skip ?? delta)!, ctx.tenant.tenantId);
    assertFresh(token, ctx);
    if (token.k === 'configs') throw new GraphApiError(400, 'BadRequest', 'That token belongs to userConfigurations, not users/delta.');
    if (delta !== null) {
      token = {
        ...token,
        k: 'changes',
        u: directory.currentVersion,
        p: -1,
        i: ctx.now,
        top: req.query.has('$top') ? readTop(req, token.top) : token.top,
      };
    }
  } else {
    const sel = parseSelect(req.query.get('$select'));
    const top = readTop(req, 100);
    if (delta === 'latest') {
      return page(ctx, sel, [], undefined, nextToken(ctx, { k: 'changes', s: directory.currentVersion, p: -1, sel, top }));
    }
    token = { t: ctx.tenant.tenantId, k: 'list', s: directory.currentVersion, p: 0, sel, top, i: ctx.now, g: ctx.tenant.deltaGeneration };
  }
  const sel = token.sel ?? parseSelect(null);
  if (token.k === 'list') {
    const result = directory.listPage(token.s, token.p, token.top);
    const values = result.items.map((u) => shapeUser(u, sel));
    return result.next === null
      ? page(ctx, sel, values, undefined, nextToken(ctx, { k: 'changes', s: token.s, p: -1, sel, top: token.top }))
      : page(ctx, sel, values, nextToken(ctx, { ...token, p: result.next }), undefined);
  }
  const upTo = token.u ?? directory.currentVersion;
  const result = directory.changesPage(token.s, upTo, token.p, token.top);
  const values = result.items.map((c) =>
    c.kind === 'removed' ? { '@odata.type': '#microsoft.graph.user', id: c.id, '@removed': { reason: 'deleted' } } : shapeUser(c.user, sel),
  );
  return result.next === null
    ? page(ctx, sel, values, undefined, nextToken(ctx, { k: 'changes', s: upTo, p: -1, sel, top: token.top }))
    : page(ctx, sel, values, nextToken(ctx, { ...token, u: upTo, p: result.next }), undefined);
}

function assertFresh(token: PagingToken, ctx: GraphContext): void {
  if (ctx.now - token.i >= DELTA_LINK_LIFETIME_MS || token.g !== ctx.tenant.deltaGeneration) {
    throw new GraphApiError(
      410,
      'syncStateNotFound',
      'The sync state generation is not found. Delta tokens expire after 7 days; start a new full synchronization without a token.',
    );
  }
}

function nextToken(ctx: GraphContext, token: Omit<PagingToken, 't' | 'i' | 'g'> & { i?: number; g?: number }): string {
  return encodePagingToken({ ...token, t: ctx.tenant.tenantId, i: token.i ?? ctx.now, g: token.g ?? ctx.tenant.deltaGeneration });
}

function page(
  ctx: GraphContext,
  sel: string[],
  value: unknown[],
  skipToken: string | undefined,
  deltaToken: string | undefined,
): SimResponse {
  const base = `${ctx.origin}/${ctx.version}/users/delta`;
  return jsonResponse(200, {
    '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#users(${sel.join(',')})`,
    ...(skipToken ? { '@odata.nextLink': `${base}?$skiptoken=${skipToken}` } : {}),
    ...(deltaToken ? { '@odata.deltaLink': `${base}?$deltatoken=${deltaToken}` } : {}),
    value,
  });
}

function listTeamsConfigurations(req: SimRequest, ctx: GraphContext): SimResponse {
  const directory = ctx.tenant.directory;
  const skip = req.query.get('$skiptoken');
  const token = skip !== null ? decodePagingToken(skip, ctx.tenant.tenantId) : undefined;
  const top = token?.top ?? readTop(req, 100);
  const value: unknown[] = [];
  let position = token?.p ?? 0;
  for (; position < directory.positions && value.length < top; position += 1) {
    const live = directory.liveAt(position);
    if (live) value.push(teamsUserConfiguration(live.user, ctx.tenant.tenantId, live.createdAt));
  }
  let more = false;
  for (let i = position; i < directory.positions && !more; i += 1) more = directory.liveAt(i) !== undefined;
  const next = more ? encodePagingToken({ t: ctx.tenant.tenantId, k: 'configs', s: 0, p: position, top, i: ctx.now, g: 0 }) : undefined;
  return jsonResponse(200, {
    '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#admin/teams/userConfigurations`,
    ...(next ? { '@odata.nextLink': `${ctx.origin}/${ctx.version}/admin/teams/userConfigurations?$skiptoken=${next}` } : {}),
    value,
  });
}
