/**
 * Ordering of event versions. Graph's sequenceNumber is documented as lexicographically sortable; connector
 * versions are time stamps, compared as numbers when both are numeric ("9" < "10"). An empty version is
 * unversioned: it is never treated as stale.
 *
 * A version from outside orders events within a short window only; it never makes the present unreachable.
 * Graph does not promise that a sequenceNumber never goes back (tenant moves, service resets), and a PBX clock
 * can be wrong. So:
 * - a read of the current state (a Graph poll) is the present, whatever its number;
 * - a stored version outranks an event only while it was seen recently: at most VERSION_WINDOW_MS ago, and not
 *   later than our clock allows (MAX_CLOCK_SKEW_MS ahead: a time from the future is not trusted).
 */

/** How long a stored version may hold back events with a lower one (the webhook's replay window is as long). */
export const VERSION_WINDOW_MS = 5 * 60_000;

/** How far ahead of our clock a time stamp from outside may be (clock skew); later ones are not believed. */
export const MAX_CLOCK_SKEW_MS = 5_000;

const NUMERIC = /^\d+(\.\d+)?$/;

/** < 0: a is older; 0: same; > 0: a is newer. */
export function compareVersions(a: string, b: string, kind: 'teams' | 'line'): number {
  if (kind === 'line' && NUMERIC.test(a) && NUMERIC.test(b)) return Math.sign(Number(a) - Number(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * newer: ordered after what we know. duplicate: the same version and content. stale: ordered before what we know
 * (dropped). reset: not newer by number, but what we know cannot outrank it (a poll, or our version is too old
 * or from the future): taken as the present.
 */
export type VersionVerdict = 'newer' | 'duplicate' | 'stale' | 'reset';

/** What we know: the version and when it was seen (ms since epoch). */
export interface KnownVersion {
  version: string;
  at: number;
}

export interface IncomingVersion {
  version: string;
  kind: 'teams' | 'line';
  /** A read of the current state (a Graph poll), not a report of a change. */
  present?: boolean;
  /** The event says the same as what we know (same presence or line state). Default true. */
  sameContent?: boolean;
}

/** Can a version seen at `at` still hold back others at `now`? */
export function isRecent(at: number, now: number, windowMs = VERSION_WINDOW_MS): boolean {
  return at >= now - windowMs && at <= now + MAX_CLOCK_SKEW_MS;
}

export function judgeVersion(
  incoming: IncomingVersion,
  known: KnownVersion | undefined,
  now: number,
  windowMs = VERSION_WINDOW_MS,
): VersionVerdict {
  if (known === undefined || known.version === '' || incoming.version === '') return 'newer';
  const c = compareVersions(incoming.version, known.version, incoming.kind);
  if (c > 0) return 'newer';
  if (c === 0 && incoming.sameContent !== false) return 'duplicate';
  if (incoming.present || !isRecent(known.at, now, windowMs)) return 'reset';
  return c === 0 ? 'duplicate' : 'stale';
}

/** Why a 'reset' verdict let an event through, for the trace. */
export function resetReason(incoming: IncomingVersion, known: KnownVersion, now: number): string {
  const why = incoming.present
    ? 'a poll reads the present'
    : known.at > now + MAX_CLOCK_SKEW_MS
      ? 'that one is dated in the future'
      : `that one is older than ${VERSION_WINDOW_MS / 60_000} minutes`;
  return `version ${incoming.version} is not after ${known.version}, taken anyway: ${why}`;
}
