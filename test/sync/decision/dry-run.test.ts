import { dryRun } from '../../../src/sync/decision/dry-run';
import { presetPolicy } from '../../../src/sync/decision/presets';
import { reconcile } from '../../../src/sync/decision/reconcile';
import type { UserSyncState } from '../../../src/sync/types';
import { T, p } from '../support/events';

const base = (userId: string, extra: Partial<UserSyncState>): UserSyncState => ({
  tenantId: T,
  userId,
  extension: `x-${userId}`,
  ...extra,
});

const states: UserSyncState[] = [
  // ProCall left Busy/Busy alone; the default preset routes it busy.
  base('manual-busy', { teams: { presence: p('Busy/Busy'), version: '1', at: 1 }, routingSent: { state: 'available', at: 1 } }),
  // Daktela never pushed the call; the default preset shows it.
  base('on-call', {
    teams: { presence: p('Available/Available'), version: '1', at: 1 },
    routingSent: { state: 'available', at: 1 },
    line: { state: 'onCall', version: '1', at: 1 },
  }),
  // Already what the default preset wants.
  base('in-step', {
    teams: { presence: p('Available/Available'), version: '1', at: 1 },
    routingSent: { state: 'available', at: 1 },
    line: { state: 'idle', version: '1', at: 1 },
  }),
  // Paused users would not be written.
  base('paused', { teams: { presence: p('Busy/Busy'), version: '1', at: 1 }, paused: { by: 'admin', at: 1 } }),
  // The line's dnd reflects the routing we set: not pushed.
  base('reflecting', {
    teams: { presence: p('DoNotDisturb/DoNotDisturb'), version: '1', at: 1 },
    routingSent: { state: 'dnd', at: 1 },
    line: { state: 'dnd', version: '1', at: 1 },
  }),
];

describe('dryRun', () => {
  test('lists only the users that would change, from what to what', () => {
    const changes = dryRun(presetPolicy('default'), states);
    expect(changes.map((c) => c.userId)).toEqual(['manual-busy', 'on-call']);
    expect(changes[0]).toMatchObject({ routing: { from: 'available', to: 'busy' } });
    expect(changes[0].teams).toBeUndefined();
    expect(changes[1]).toMatchObject({ teams: { from: null, to: p('Busy/InACall') } });
    expect(changes[1].reasons[0]).toContain('onCall -> Busy/InACall');
  });

  test('a one-way draft changes nothing in Teams', () => {
    const changes = dryRun(presetPolicy('daktela'), states);
    expect(changes.every((c) => c.teams === undefined)).toBe(true);
    // Daktela sends Busy/Busy as offline.
    expect(changes.find((c) => c.userId === 'manual-busy')?.routing).toEqual({ from: 'available', to: 'unavailable' });
  });

  test('restoring a forced preferred presence is shown', () => {
    const forced = base('forced', {
      line: { state: 'idle', version: '1', at: 1 },
      teamsSent: { presence: p('Busy/InACall'), at: 1 },
      preferredSent: { presence: p('Busy/Busy'), at: 1 },
      preferredBefore: p('Away/Away'),
      teams: { presence: p('Busy/Busy'), version: '1', at: 1 },
    });
    const [change] = dryRun(presetPolicy('default'), [forced]);
    expect(change.teams).toEqual({ from: p('Busy/InACall'), to: null });
    expect(change.preferred).toEqual({ from: p('Busy/Busy'), to: p('Away/Away') });
  });
});

describe('reconcile', () => {
  test('both directions at once, one trace entry each', () => {
    const r = reconcile(states[1], presetPolicy('default'), 5, 'resumed');
    expect(r.traces.map((t) => t.direction)).toEqual(['pbxToTeams']);
    expect(r.traces[0].event).toBe('resumed: line onCall');
    const both = reconcile(
      base('both', { teams: { presence: p('Busy/Busy'), version: '1', at: 1 }, line: { state: 'onCall', version: '1', at: 1 } }),
      presetPolicy('default'),
      5,
    );
    expect(both.actions.map((a) => a.kind)).toEqual(['setRouting', 'setTeamsSession']);
    expect(both.next.routingSent).toEqual({ state: 'busy', at: 5 });
  });
});
