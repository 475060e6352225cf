/**
 * Turns a PBX time stamp into the report's `at`, strictly increasing per extension: `at` is also the
 * version that orders one extension's events, and two changes within the same millisecond (ring, then
 * answer) must not look like a duplicate. A tie is moved on by 1 ms.
 */
import type { LineState } from '../../sync/states';
import type { LineStateReport } from '../connector';

export class LineReportClock {
  private readonly lastAt = new Map<string, number>();

  report(extension: string, state: LineState, at: number): LineStateReport {
    const previous = this.lastAt.get(extension);
    const ordered = previous !== undefined && at <= previous ? previous + 1 : at;
    this.lastAt.set(extension, ordered);
    return { extension, state, at: ordered };
  }
}

/**
 * ARI time stamps look like `2024-05-04T10:20:30.123+0200` (no colon in the offset, which Date.parse does
 * not promise to read). Undefined when the text is not such a time.
 */
export function parseAriTimestamp(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const normalised = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}

/** AMI `Timestamp: 1627089414.908005` (seconds, with timestampevents=yes). */
export function parseAmiTimestamp(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const seconds = Number(text.trim());
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined;
}
