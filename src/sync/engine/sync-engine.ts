/** What the sync engine offers (SyncEngine) and what it is given (SyncEngineOptions); engine.ts assembles it. */
import type { ReassertSides, SyncPolicy } from '../decision';
import type { Clock, Scheduler } from '../../time/clock';
import type { RoutingWriter, SyncStateRepository, TeamsWriter, TraceSink } from '../ports';
import type { LineState } from '../states';
import type { SyncEvent, UserSyncState } from '../types';
import type { EngineStats } from './engine-stats';
import type { MappingChange } from './tenant-users';
import type { WriteOutcomeInfo } from './write-runner';

export type { MappingChange } from './tenant-users';
export type { WriteOutcomeInfo } from './write-runner';

export interface SyncEngineOptions {
  clock: Clock;
  scheduler: Scheduler;
  /** The tenant's current policy; called per decision, so keep it a cheap look-up (cache parsed policies). */
  policyFor(tenantId: string): SyncPolicy;
  repository: SyncStateRepository;
  routing: RoutingWriter;
  teams: TeamsWriter;
  trace: TraceSink;
  onOutcome?(info: WriteOutcomeInfo): void;
  /**
   * Writes running at once per side, over all users: PBX routing writes, Teams writes and state saves each
   * have this many slots, so a throttled side never takes the other's. Default 32.
   */
  maxConcurrentWrites?: number;
  /** Record exact duplicate events (same version, e.g. an unchanged poll) in the trace. Default false: counted only. */
  traceDuplicates?: boolean;
  /** A whole-tenant re-evaluation or resume goes on while at most this many of the tenant's users wait for a write. Default 2,000. */
  maxPacedBacklog?: number;
}

/** 'decided': now (a Teams change after a quiet period too); 'debounced': held until the user's Teams presence settles. */
export type SubmitResult = 'decided' | 'debounced' | 'unknownUser' | 'stopped';

/** A line report from a connector, before it is tied to a user (same shape as pbx/connector's LineStateReport). */
export interface LineReport {
  extension: string;
  state: LineState;
  at: number;
}

export interface SyncEngine {
  /** Restore persisted states of a tenant. Users not in a mapping set earlier are skipped. Returns how many. */
  load(tenantId: string): Promise<number>;
  /** The tenant's users and their extensions; replaces the previous list. */
  setMapping(tenantId: string, entries: readonly { userId: string; extension: string }[]): MappingChange;
  submit(event: SyncEvent): SubmitResult;
  /** A connector's report, tied to the mapped user by extension; versions by its time stamp. */
  submitLineReport(tenantId: string, report: LineReport): SubmitResult;
  /**
   * Pause one user, or the whole tenant (userId null). Takes effect at once; resolves with how many users are
   * affected once the store has it (the tenant-wide flag and the users' states in one transaction).
   */
  pause(tenantId: string, userId: string | null, by: string): Promise<number>;
  /**
   * Resume and bring the user(s) in line with the rules from what was seen while paused (a whole tenant in
   * turn, see paced-reevaluation.ts). Resolves with how many users were paused, once the store has it.
   */
  resume(tenantId: string, userId: string | null): Promise<number>;
  /** Re-evaluate users with the current policy (after a policy change; a whole tenant in turn). Returns how many users. */
  reevaluate(tenantId: string, userId?: string): number;
  /**
   * After a restart: write again, in turn through the usual write queues, what the stored states say we had
   * written and what lapses without a running service (see decision/reassert.ts). Returns how many users are looked at.
   */
  reassert(tenantId: string, sides: ReassertSides): number;
  /**
   * The tenant now runs on another replica: forget its users, drop their debounced events and waiting writes
   * (writes already handed to a writer end as they will, fenced by the lease). A later `load` starts it afresh
   * from the store. Returns how many users were forgotten.
   */
  release(tenantId: string): number;
  snapshot(tenantId: string): UserSyncState[];
  /** Users of the tenant waiting for a PBX routing write (not yet handed to the connector). */
  routingBacklog(tenantId: string): number;
  stats(): EngineStats;
  /** Resolves when no write or save is queued or running. Debounced events waiting for their timer do not count. */
  idle(): Promise<void>;
  /** Drop waiting debounced events, refuse new events, and let queued writes finish. */
  stop(): Promise<void>;
}
