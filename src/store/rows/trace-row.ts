/** A trace entry as both stores keep it: tenant, user and time in columns, the rest as JSON. */
import type { TraceEntry } from '../../sync/types';
import { StoreInputError } from '../errors';
import { fromJson, requireKey, toJson } from '../row-values';

type StoredEntry = Omit<TraceEntry, 'tenantId' | 'userId' | 'at'>;

export interface TraceRowValues {
  tenantId: string;
  userId: string;
  at: number;
  json: string;
}

export function traceRowValues(entry: TraceEntry): TraceRowValues {
  requireKey(entry.tenantId, 'trace entry tenantId');
  requireKey(entry.userId, 'trace entry userId');
  const { tenantId, userId, at, ...rest } = entry;
  return { tenantId, userId, at, json: toJson(rest, `trace entry of user ${userId}`) };
}

export function traceEntryOf(row: { at: number; entry_json: string }, tenantId: string, userId: string): TraceEntry {
  return {
    ...fromJson<StoredEntry>(row.entry_json, `trace entry of user ${userId} in tenant ${tenantId}`),
    tenantId,
    userId,
    at: row.at,
  };
}

/** A limit or keep count handed to the trace repository. */
export function assertCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new StoreInputError(`trace ${what} must be a whole number of 0 or more, got ${value}`);
}
