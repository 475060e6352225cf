/**
 * How a PBX's own line-state payload becomes `{extension, state, at}`: dotted paths into its JSON and a map
 * from its state words to ours. A mapping is data the admin edits, so it is validated when saved
 * (`parseLineStateMapping`) and applied without surprises (`applyLineStateMapping`).
 */
import { z } from 'zod';
import { LINE_STATES, type LineState } from '../../sync/states';
import { MAX_CLOCK_SKEW_MS } from '../../sync/decision/versions';
import type { LineStateReport } from '../connector';
import { LineStateMappingError } from './errors';

const dottedPath = z
  .string()
  .trim()
  .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'must be a dotted path into the JSON body, e.g. "data.ext" or "events.0.status"');

export const AT_FORMATS = ['auto', 'epochMs', 'epochSeconds', 'iso8601'] as const;
export type AtFormat = (typeof AT_FORMATS)[number];

export const lineStateMappingSchema = z.object({
  paths: z.object({
    extension: dottedPath,
    state: dottedPath,
    /** Omitted: the time the event was received. */
    at: dottedPath.optional(),
  }),
  /** The PBX's state value (numbers are matched by their text, e.g. "1") -> our line state. */
  values: z
    .record(
      z.string().min(1, 'a PBX state value must not be empty'),
      z.enum(LINE_STATES, {
        error: `must be one of our line states: ${LINE_STATES.join(', ')}`,
      }),
    )
    .refine((values) => Object.keys(values).length > 0, 'map at least one PBX state value to a line state'),
  /** auto: numbers below 10^11 are seconds, larger ones milliseconds; strings are ISO 8601. */
  atFormat: z.enum(AT_FORMATS).default('auto'),
});

export type LineStateMapping = z.output<typeof lineStateMappingSchema>;

/** Our own shape, the one the simulator sends: `{"extension": "1001", "state": "onCall", "at": 1735689600000}`. */
export const DEFAULT_LINE_STATE_MAPPING: LineStateMapping = Object.freeze({
  paths: Object.freeze({ extension: 'extension', state: 'state', at: 'at' }),
  values: Object.freeze(Object.fromEntries(LINE_STATES.map((s) => [s, s])) as Record<string, LineState>),
  atFormat: 'epochMs' as const,
});

/** Validates a mapping as the admin saved it; throws LineStateMappingError naming every problem. */
export function parseLineStateMapping(input: unknown): LineStateMapping {
  const result = lineStateMappingSchema.safeParse(input);
  if (!result.success) {
    throw new LineStateMappingError(result.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`));
  }
  return Object.freeze(result.data);
}

export type MappingOutcome =
  | { ok: true; report: LineStateReport }
  | { ok: false; problem: 'missingField' | 'unknownState' | 'badTimestamp' | 'futureTimestamp'; message: string };

export function readPath(body: unknown, path: string): unknown {
  let current: unknown = body;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function parseAt(value: unknown, format: AtFormat): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    if (format === 'epochMs') return value;
    if (format === 'epochSeconds') return value * 1000;
    if (format === 'auto') return value < 1e11 ? value * 1000 : value;
    return undefined;
  }
  if (typeof value === 'string' && (format === 'iso8601' || format === 'auto')) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Turns one parsed payload into a report, or says exactly which part of it does not fit the mapping. */
export function applyLineStateMapping(mapping: LineStateMapping, body: unknown, receivedAtMs: number): MappingOutcome {
  const extension = scalarText(readPath(body, mapping.paths.extension));
  if (extension === undefined) {
    return {
      ok: false,
      problem: 'missingField',
      message: `No extension at "${mapping.paths.extension}": send it as a string or number there, or fix the mapping's extension path.`,
    };
  }
  const rawState = scalarText(readPath(body, mapping.paths.state));
  if (rawState === undefined) {
    return {
      ok: false,
      problem: 'missingField',
      message: `No state at "${mapping.paths.state}": send it there, or fix the mapping's state path.`,
    };
  }
  const state = Object.hasOwn(mapping.values, rawState) ? mapping.values[rawState] : undefined;
  if (state === undefined) {
    return {
      ok: false,
      problem: 'unknownState',
      message: `The state "${rawState}" is not in the mapping (known: ${Object.keys(mapping.values).join(', ')}): add it to the mapping's values.`,
    };
  }
  let at = receivedAtMs;
  if (mapping.paths.at !== undefined) {
    const parsed = parseAt(readPath(body, mapping.paths.at), mapping.atFormat);
    if (parsed === undefined) {
      return {
        ok: false,
        problem: 'badTimestamp',
        message: `No usable time at "${mapping.paths.at}" (expected ${mapping.atFormat === 'auto' ? 'epoch seconds, epoch milliseconds or ISO 8601' : mapping.atFormat}): send it, fix the path or the format, or drop the at path to use the receive time.`,
      };
    }
    // The time orders this extension's events: one from the future would hold back every later one.
    if (parsed > receivedAtMs + MAX_CLOCK_SKEW_MS) {
      return {
        ok: false,
        problem: 'futureTimestamp',
        message: `The time at "${mapping.paths.at}" (${new Date(parsed).toISOString()}) is ${Math.round((parsed - receivedAtMs) / 1000)} s ahead of our clock (allowed: ${MAX_CLOCK_SKEW_MS / 1000} s): send when the line state changed, in the mapping's format (${mapping.atFormat}), and keep the PBX clock in sync (NTP).`,
      };
    }
    at = parsed;
  }
  return { ok: true, report: { extension, state, at } };
}
