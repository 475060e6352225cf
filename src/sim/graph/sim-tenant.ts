/** Everything the simulator keeps for one tenant. Lookups are by Map: a 100,000-user tenant costs no scans. */
import type { Clock } from '../sim-clock';
import type { AppRegistration } from './app-registration';
import { Directory } from './directory';
import { Memberships } from './memberships';
import type { ActiveFaults } from './faults';
import { FencingLedger } from '../fencing-ledger';
import { PresenceStore } from './presence-store';
import { RequestStats } from './request-stats';
import type { SequenceSource } from './sequence-source';
import { SlidingWindowThrottle } from './throttle';

export const PRESENCE_WINDOW_MS = 30_000;

export class SimTenant {
  readonly apps = new Map<string, AppRegistration>();
  readonly directory = new Directory();
  readonly memberships: Memberships;
  readonly presence: PresenceStore;
  readonly stats = new RequestStats();
  readonly presenceThrottle: SlidingWindowThrottle;
  /** Presence writes by the fencing token their header carries (replicas of the service sharing a database). */
  readonly fencing = new FencingLedger();
  faults: ActiveFaults = {};
  /** What the admin answers on the admin consent page. */
  consentAnswer: 'grant' | 'decline' = 'grant';
  /** Delta and skip tokens of an earlier generation answer 410 (the "expire delta links" switch). */
  deltaGeneration = 0;
  /** Access tokens of an earlier generation answer 401 (the "revoke tokens" switch). */
  accessTokenGeneration = 0;
  /** Issue opaque access tokens (not JWTs), as Microsoft may: a client must never read its token. */
  opaqueAccessTokens = false;

  constructor(
    readonly tenantId: string,
    readonly domain: string,
    readonly clock: Clock,
    sequence: SequenceSource,
    presenceLimitPer30s: number,
  ) {
    this.presence = new PresenceStore(sequence);
    this.memberships = new Memberships(tenantId);
    this.presenceThrottle = new SlidingWindowThrottle(presenceLimitPer30s, PRESENCE_WINDOW_MS);
  }
}
