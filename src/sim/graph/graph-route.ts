/** The shape of one Graph endpoint in the simulator's route table. */
import type { SimRequest, SimResponse } from './sim-http';
import type { SimTenant } from './sim-tenant';

export interface GraphContext {
  tenant: SimTenant;
  clientId: string;
  roles: Set<string>;
  now: number;
  /** e.g. https://localhost:PORT */
  origin: string;
  /** 'v1.0' or 'beta', as the caller addressed it. */
  version: string;
}

export interface GraphRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Matched against the path after the version segment, e.g. /users/delta. */
  pattern: RegExp;
  /** Name in request statistics. */
  endpoint: string;
  /** Any one of these application permissions allows the call. */
  permissions: readonly string[];
  /** Counts against the presence budget (1500 / 30 s per app per tenant). */
  presenceBudget: boolean;
  handle(req: SimRequest, ctx: GraphContext, params: string[]): SimResponse;
}
