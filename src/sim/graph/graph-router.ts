/**
 * One Graph request through the simulator's pipeline: token -> route -> permission -> faults -> presence
 * throttle -> handler -> statistics. `$batch` sends each inner request through the same pipeline (after the
 * token), so every inner request is counted and throttled alone.
 */
import { BareStatusError, GraphApiError } from './errors';
import type { GraphContext, GraphRoute } from './graph-route';
import { type SimRequest, type SimResponse } from './sim-http';
import type { SimTenant } from './sim-tenant';
import type { AccessClaims, TokenService } from './token-service';

export interface GraphRouterDeps {
  routes: GraphRoute[];
  tokens: TokenService;
  now: () => number;
  origin: () => string;
  random: () => number;
}

export interface GraphOutcome {
  response: SimResponse;
  tenant?: SimTenant;
}

const VERSIONED = /^\/(v1\.0|beta)(\/.*)$/;

export class GraphRouter {
  constructor(private readonly deps: GraphRouterDeps) {}

  static isGraphPath(path: string): boolean {
    return VERSIONED.test(path);
  }

  /** A request from the network: authenticate once, then run it. */
  handle(req: SimRequest): GraphOutcome {
    const now = this.deps.now();
    let claims: AccessClaims;
    try {
      claims = this.deps.tokens.verifyBearer(req.headers.authorization);
    } catch (error) {
      if (error instanceof GraphApiError) return { response: error.toResponse(now) };
      throw error;
    }
    return { response: this.run(req, claims), tenant: claims.tenant };
  }

  /** Runs an authenticated request (also each inner request of a $batch). */
  run(req: SimRequest, claims: AccessClaims): SimResponse {
    const now = this.deps.now();
    const tenant = claims.tenant;
    const versioned = VERSIONED.exec(req.path);
    const version = versioned?.[1] ?? 'v1.0';
    const path = versioned?.[2] ?? req.path;
    const found = this.find(req.method, path);
    const endpoint = found?.route.endpoint ?? `unknown ${req.method} ${path}`;
    const response = this.respond(req, claims, found, {
      tenant,
      clientId: claims.clientId,
      roles: claims.roles,
      now,
      origin: this.deps.origin(),
      version,
    });
    tenant.stats.record({ at: now, endpoint, status: response.status, clientId: claims.clientId });
    return response;
  }

  private respond(
    req: SimRequest,
    claims: AccessClaims,
    found: { route: GraphRoute; params: string[] } | undefined,
    ctx: GraphContext,
  ): SimResponse {
    try {
      if (!found) throw new GraphApiError(400, 'BadRequest', `Resource not found for the segment '${req.path}'.`);
      const { route, params } = found;
      if (route.permissions.length > 0 && !route.permissions.some((p) => claims.roles.has(p))) {
        throw new GraphApiError(
          403,
          'Authorization_RequestDenied',
          `Insufficient privileges to complete the operation. The application needs one of these application permissions, granted with admin consent: ${route.permissions.join(', ')}.`,
        );
      }
      this.applyFaults(ctx.tenant);
      if (route.presenceBudget) this.applyThrottle(ctx.tenant, claims.clientId, ctx.now);
      return route.handle(req, ctx, params.map(decodeURIComponent));
    } catch (error) {
      if (error instanceof GraphApiError) return error.toResponse(ctx.now);
      if (error instanceof BareStatusError) return { status: error.status, headers: {} };
      throw error;
    }
  }

  private find(method: string, path: string): { route: GraphRoute; params: string[] } | undefined {
    for (const route of this.deps.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (m) return { route, params: m.slice(1) };
    }
    return undefined;
  }

  private applyFaults(tenant: SimTenant): void {
    const rate = tenant.faults.serverErrorRate;
    if (rate !== undefined && rate > 0 && this.deps.random() < rate) {
      const retryAfter = tenant.faults.serverErrorRetryAfterSeconds ?? 1;
      throw new GraphApiError(503, 'ServiceNotAvailable', 'The service is temporarily unavailable. Retry after the delay in Retry-After.', {
        'retry-after': String(retryAfter),
      });
    }
  }

  private applyThrottle(tenant: SimTenant, clientId: string, now: number): void {
    const storm = tenant.faults.throttleStorm;
    if (storm && now < storm.until && this.deps.random() < storm.rate) throw tooManyRequests(storm.retryAfterSeconds);
    const decision = tenant.presenceThrottle.tryAdmit(clientId, now);
    if (!decision.admitted) throw tooManyRequests(decision.retryAfterSeconds!);
  }
}

function tooManyRequests(retryAfterSeconds: number): GraphApiError {
  return new GraphApiError(429, 'TooManyRequests', 'Too many requests. Retry after the delay in the Retry-After header.', {
    'retry-after': String(retryAfterSeconds),
  });
}
