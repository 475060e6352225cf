/**
 * The simulated PBX's memory: its users, each extension's line state and the routing state it was told, with
 * histories. No I/O: the HTTP server and the event sender drive it.
 */
import type { Clock } from '../sim-clock';
import type { LineState, PbxUser, RoutingState } from './webhook-contract';
import { PbxSimulatorError } from './errors';

export interface RoutingRecord {
  extension: string;
  state: RoutingState;
  /** The sender's `at` (ms). */
  at: number;
  /** Our clock when the write arrived. */
  receivedAt: number;
}

export interface LineRecord {
  extension: string;
  state: LineState;
  at: number;
}

export interface ExtensionState {
  line: LineRecord;
  routing?: RoutingRecord;
}

export interface SimLines {
  users(): PbxUser[];
  setUsers(users: PbxUser[]): void;
  has(extension: string): boolean;
  get(extension: string): ExtensionState;
  /** Sets the line state; returns the record, or undefined when the line already was in that state. */
  setLine(extension: string, state: LineState): LineRecord | undefined;
  recordRouting(extension: string, state: RoutingState, at: number): RoutingRecord;
  routingHistory(extension?: string): RoutingRecord[];
  lineHistory(extension?: string): LineRecord[];
  snapshot(): Record<string, ExtensionState>;
}

export function createSimLines(initialUsers: PbxUser[], clock: Clock, historyLimit = 10_000): SimLines {
  let users: PbxUser[] = [];
  const states = new Map<string, ExtensionState>();
  const routingLog: RoutingRecord[] = [];
  const lineLog: LineRecord[] = [];

  function push<T>(log: T[], record: T): void {
    log.push(record);
    if (log.length > historyLimit) log.splice(0, log.length - historyLimit);
  }

  function setUsers(next: PbxUser[]): void {
    users = next.map((u) => ({ ...u }));
    const now = clock.now();
    for (const user of users) {
      if (!states.has(user.extension)) states.set(user.extension, { line: { extension: user.extension, state: 'idle', at: now } });
    }
    const kept = new Set(users.map((u) => u.extension));
    for (const extension of [...states.keys()]) {
      if (!kept.has(extension)) states.delete(extension);
    }
  }

  function get(extension: string): ExtensionState {
    const state = states.get(extension);
    if (!state) throw new PbxSimulatorError(`The simulated PBX has no extension ${extension}: add it to its users.`);
    return state;
  }

  setUsers(initialUsers);

  return {
    users: () => users.map((u) => ({ ...u })),
    setUsers,
    has: (extension) => states.has(extension),
    get,
    setLine(extension, state) {
      const current = get(extension);
      if (current.line.state === state) return undefined;
      current.line = { extension, state, at: clock.now() };
      push(lineLog, current.line);
      return current.line;
    },
    recordRouting(extension, state, at) {
      const record: RoutingRecord = { extension, state, at, receivedAt: clock.now() };
      get(extension).routing = record;
      push(routingLog, record);
      return record;
    },
    routingHistory: (extension) => routingLog.filter((r) => extension === undefined || r.extension === extension),
    lineHistory: (extension) => lineLog.filter((r) => extension === undefined || r.extension === extension),
    snapshot: () =>
      Object.fromEntries([...states].map(([ext, s]) => [ext, { line: { ...s.line }, routing: s.routing && { ...s.routing } }])),
  };
}
