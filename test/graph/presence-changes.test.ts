import { PresenceChanges, type PresenceVerdict } from '../../src/graph/presence-changes';
import type { TeamsPresence } from '../../src/sync/states';

const available: TeamsPresence = { availability: 'Available', activity: 'Available' };
const busy: TeamsPresence = { availability: 'Busy', activity: 'InACall' };

type Step = [TeamsPresence, PresenceVerdict];

describe('PresenceChanges', () => {
  test.each<[string, Step[]]>([
    ['first sight is a change', [[available, 'changed']]],
    [
      'a different presence is a change',
      [
        [available, 'changed'],
        [busy, 'changed'],
      ],
    ],
    [
      'an identical presence is not reported',
      [
        [available, 'changed'],
        [available, 'unchanged'],
      ],
    ],
    [
      'back and forth is reported each time',
      [
        [busy, 'changed'],
        [available, 'changed'],
        [busy, 'changed'],
      ],
    ],
  ])('%s', (_name, steps) => {
    const changes = new PresenceChanges();
    for (const [presence, verdict] of steps) expect(changes.accept('u1', presence)).toBe(verdict);
  });

  test('users are tracked independently, and forgotten when no longer polled', () => {
    const changes = new PresenceChanges();
    changes.accept('u1', busy);
    expect(changes.accept('u2', busy)).toBe('changed');
    changes.retainOnly(new Set(['u2']));
    expect(changes.accept('u1', busy)).toBe('changed');
  });
});
