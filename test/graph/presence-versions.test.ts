import { PresenceVersions, type PresenceVerdict } from '../../src/graph/presence-versions';
import type { TeamsPresence } from '../../src/sync/states';

const available: TeamsPresence = { availability: 'Available', activity: 'Available' };
const busy: TeamsPresence = { availability: 'Busy', activity: 'InACall' };

type Step = [TeamsPresence, string, PresenceVerdict];

describe('PresenceVersions', () => {
  test.each<[string, Step[]]>([
    ['first sight is a change', [[available, '0001', 'changed']]],
    ['a newer different presence is a change', [[available, '0001', 'changed'], [busy, '0002', 'changed']]],
    ['a newer identical presence is not reported', [[available, '0001', 'changed'], [available, '0002', 'unchanged']]],
    ['the same sequence number again is a duplicate', [[available, '0001', 'changed'], [busy, '0001', 'stale']]],
    ['an older sequence number is stale', [[busy, '0005', 'changed'], [available, '0004', 'stale'], [available, '0006', 'changed']]],
    ['versions compare as strings', [[available, '0000000010', 'changed'], [busy, '0000000009', 'stale']]],
    ['without sequence numbers only a different presence counts', [[available, '', 'changed'], [available, '', 'unchanged'], [busy, '', 'changed']]],
  ])('%s', (_name, steps) => {
    const versions = new PresenceVersions();
    for (const [presence, version, verdict] of steps) expect(versions.accept('u1', presence, version)).toBe(verdict);
  });

  test('users are tracked independently, and forgotten when no longer polled', () => {
    const versions = new PresenceVersions();
    versions.accept('u1', busy, '0009');
    expect(versions.accept('u2', busy, '0001')).toBe('changed');
    versions.retainOnly(new Set(['u2']));
    expect(versions.accept('u1', busy, '0001')).toBe('changed');
  });
});
