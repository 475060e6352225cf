/**
 * The version rules (issue 9): a version from outside orders events within a short window only, and never
 * makes the present state unreachable. Times are built from NOW so the table reads as "how long ago".
 */
import { judgeVersion, MAX_CLOCK_SKEW_MS, VERSION_WINDOW_MS, type IncomingVersion } from '../../../src/sync/decision/versions';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const MINUTE = 60_000;

describe('judgeVersion', () => {
  test.each<[string, IncomingVersion, { version: string; at: number } | undefined, string]>([
    // Nothing known yet, or unversioned: always newer.
    ['first event', { version: '5', kind: 'teams' }, undefined, 'newer'],
    ['unversioned event', { version: '', kind: 'line' }, { version: '9', at: NOW }, 'newer'],
    // Within the window, versions order events.
    ['push, higher seq, within the window', { version: '0043', kind: 'teams' }, { version: '0042', at: NOW - MINUTE }, 'newer'],
    ['push, lower seq, within the window', { version: '0041', kind: 'teams' }, { version: '0042', at: NOW - MINUTE }, 'stale'],
    ['push, same seq and presence', { version: '0042', kind: 'teams' }, { version: '0042', at: NOW - MINUTE }, 'duplicate'],
    [
      'line, earlier PBX time, within the window',
      { version: String(NOW - 2_000), kind: 'line' },
      { version: String(NOW - 1_000), at: NOW - 1_000 },
      'stale',
    ],
    // After the window, an older stored version never wins.
    [
      'push, seq gone back, stored one seen 10 min ago',
      { version: '0001', kind: 'teams' },
      { version: '0402', at: NOW - 10 * MINUTE },
      'reset',
    ],
    [
      'push, seq gone back, stored one just inside the window',
      { version: '0001', kind: 'teams' },
      { version: '0402', at: NOW - VERSION_WINDOW_MS },
      'stale',
    ],
    [
      'push, seq gone back, stored one just outside the window',
      { version: '0001', kind: 'teams' },
      { version: '0402', at: NOW - VERSION_WINDOW_MS - 1 },
      'reset',
    ],
    // A poll reads the present: it is never stale, whatever its sequence number.
    [
      'poll, seq gone back after a restart, seen a minute ago',
      { version: '000001', kind: 'teams', present: true, sameContent: false },
      { version: '000402', at: NOW - MINUTE },
      'reset',
    ],
    [
      'poll, same seq, other presence',
      { version: '000402', kind: 'teams', present: true, sameContent: false },
      { version: '000402', at: NOW - MINUTE },
      'reset',
    ],
    [
      'poll, same seq, same presence',
      { version: '000402', kind: 'teams', present: true },
      { version: '000402', at: NOW - MINUTE },
      'duplicate',
    ],
    // A stored time from the far future (a PBX clock gone wrong) holds nothing back.
    [
      'line after a far-future one (year 2100)',
      { version: String(NOW), kind: 'line' },
      { version: String(Date.UTC(2100, 0, 1)), at: Date.UTC(2100, 0, 1) },
      'reset',
    ],
    [
      'line after one just within the skew',
      { version: String(NOW), kind: 'line' },
      { version: String(NOW + MAX_CLOCK_SKEW_MS), at: NOW + MAX_CLOCK_SKEW_MS },
      'stale',
    ],
    [
      'line after one just past the skew',
      { version: String(NOW), kind: 'line' },
      { version: String(NOW + MAX_CLOCK_SKEW_MS + 1), at: NOW + MAX_CLOCK_SKEW_MS + 1 },
      'reset',
    ],
  ])('%s', (_name, incoming, known, verdict) => {
    expect(judgeVersion(incoming, known, NOW)).toBe(verdict);
  });
});
