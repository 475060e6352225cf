/** Helpers shared by the store suites: a temp folder per test, a fixed key, sample rows. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceEntry, UserSyncState } from '../../src/sync/types';

export const KEY = Buffer.alloc(32, 7).toString('base64');
export const OTHER_KEY = Buffer.alloc(32, 9).toString('hex');

export function tempDir(): { path: string; dbFile: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'pb-store-'));
  return { path, dbFile: join(path, 'data', 'presence-bridge.db'), remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function fixedClock(start = 1_700_000_000_000): { now(): number; set(t: number): void } {
  let time = start;
  return { now: () => time, set: (t) => (time = t) };
}

export function traceEntry(tenantId: string, userId: string, at: number, reason = `reason ${at}`): TraceEntry {
  return {
    tenantId,
    userId,
    at,
    direction: 'teamsToPbx',
    event: `Teams Busy/InACall (seq ${at}, poll)`,
    rule: 'Busy/* -> busy',
    outcome: 'applied',
    reason,
    actions: [{ kind: 'setRouting', tenantId, userId, extension: '1001', state: 'busy' }],
    result: 'PBX accepted (204)',
  };
}

export function syncState(tenantId: string, userId: string, extension = '1001'): UserSyncState {
  return {
    tenantId,
    userId,
    extension,
    teams: { presence: { availability: 'Busy', activity: 'InACall' }, version: '0042', at: 10 },
    line: { state: 'onCall', version: '11', at: 11 },
    routingSent: { state: 'busy', at: 12 },
    teamsSent: { presence: null, at: 13 },
    preferredBefore: null,
  };
}
