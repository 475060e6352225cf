/**
 * Ordering of event versions. Graph's sequenceNumber is documented as lexicographically sortable; connector
 * versions are time stamps, compared as numbers when both are numeric ("9" < "10"). An empty version is
 * unversioned: it is never treated as stale.
 */
const NUMERIC = /^\d+(\.\d+)?$/;

/** < 0: a is older; 0: same; > 0: a is newer. */
export function compareVersions(a: string, b: string, kind: 'teams' | 'line'): number {
  if (kind === 'line' && NUMERIC.test(a) && NUMERIC.test(b)) return Math.sign(Number(a) - Number(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

export type VersionVerdict = 'newer' | 'duplicate' | 'stale';

export function judgeVersion(incoming: string, known: string | undefined, kind: 'teams' | 'line'): VersionVerdict {
  if (known === undefined || known === '' || incoming === '') return 'newer';
  const c = compareVersions(incoming, known, kind);
  return c > 0 ? 'newer' : c === 0 ? 'duplicate' : 'stale';
}
