import { decide, isDuplicate } from '../../../src/sync/decision/decide';
import { parsePolicy, type SyncPolicy } from '../../../src/sync/decision/policy';
import { presetPolicy } from '../../../src/sync/decision/presets';
import type { UserSyncState } from '../../../src/sync/types';
import { EXT, T, U, lineEvent, p, pushEvent, teamsEvent, userState } from '../support/events';

const NOW = 100_000;
const DEFAULT = presetPolicy('default');

function policy(input: object): SyncPolicy {
  const r = parsePolicy(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const inACall = p('Busy/InACall');
const session = (presence: string | null, at = NOW - 60_000, previous?: string | null): UserSyncState['teamsSent'] => ({
  presence: presence === null ? null : p(presence),
  at,
  ...(previous !== undefined ? { previous: previous === null ? null : p(previous) } : {}),
});
const seen = (presence: string, version = '0001', at = NOW - 60_000): UserSyncState['teams'] => ({ presence: p(presence), version, at });
const line = (state: NonNullable<UserSyncState['line']>['state'], version = '1', at = NOW - 60_000): UserSyncState['line'] => ({
  state,
  version,
  at,
});

describe('stale and duplicate events (by version)', () => {
  test.each([
    ['0041', 'stale', /stale: version 0041 is older than 0042/],
    ['0042', 'stale', /duplicate: version 0042 already seen/],
    ['0043', 'applied', /Teams Busy\/Busy -> routing busy/],
    ['A9', 'applied', /routing busy/], // lexicographic, as Graph documents: "A9" sorts after "0042"
  ])('Teams notification version %s against 0042 -> %s', (version, outcome, reason) => {
    const state = userState({ teams: seen('Available/Available', '0042') });
    const d = decide(state, pushEvent('Busy/Busy', version, NOW), DEFAULT, NOW);
    expect(d.trace.outcome).toBe(outcome);
    expect(d.trace.reason).toMatch(reason);
    if (outcome === 'stale') expect(d.next).toBe(state);
  });

  test('Graph sequence numbers compare lexicographically, not as numbers', () => {
    const state = userState({ teams: seen('Available/Available', '9') });
    expect(decide(state, pushEvent('Busy/Busy', '10', NOW), DEFAULT, NOW).trace.outcome).toBe('stale');
  });

  test('numeric connector versions compare as numbers', () => {
    const state = userState({ line: line('idle', '9') });
    expect(decide(state, lineEvent('onCall', '10', NOW), DEFAULT, NOW).trace.outcome).toBe('applied');
    expect(decide(state, lineEvent('onCall', '8', NOW), DEFAULT, NOW).trace.outcome).toBe('stale');
  });

  test('an unversioned event is never stale', () => {
    const state = userState({ line: line('idle', '9') });
    expect(decide(state, lineEvent('onCall', '', NOW), DEFAULT, NOW).trace.outcome).toBe('applied');
  });

  test('a line event for another extension is dropped', () => {
    const d = decide(userState(), lineEvent('onCall', 1, NOW, U, '2002'), DEFAULT, NOW);
    expect(d.trace.outcome).toBe('stale');
    expect(d.trace.reason).toContain('mapped to 1001');
  });

  test('isDuplicate recognises the same version only', () => {
    const state = userState({ teams: seen('Available/Available', '0042') });
    expect(isDuplicate(state, teamsEvent('Available/Available', '0042'))).toBe(true);
    expect(isDuplicate(state, teamsEvent('Available/Available', '0043'))).toBe(false);
  });
});

describe('a version from outside never makes the present unreachable (issue 9)', () => {
  const MINUTE = 60_000;
  test.each([
    // [what, stored Teams version, seen how long ago, event, expected outcome]
    [
      'a poll after the sequence went back (a restarted Graph), seen a minute ago',
      '000402',
      MINUTE,
      teamsEvent('Busy/Busy', '000001', NOW),
      'applied',
    ],
    ['a poll after the sequence went back, seen an hour ago', '000402', 60 * MINUTE, teamsEvent('Busy/Busy', '000001', NOW), 'applied'],
    ['a notification with a lower sequence, within the window', '000402', MINUTE, pushEvent('Busy/Busy', '000001', NOW), 'stale'],
    ['a notification with a lower sequence, after the window', '000402', 10 * MINUTE, pushEvent('Busy/Busy', '000001', NOW), 'applied'],
  ] as const)('%s', (_what, stored, ago, event, outcome) => {
    const state = userState({ teams: seen('Available/Available', stored, NOW - ago) });
    const d = decide(state, event, DEFAULT, NOW);
    expect(d.trace.outcome).toBe(outcome);
    if (outcome === 'applied') {
      expect(d.actions).toEqual([expect.objectContaining({ kind: 'setRouting', state: 'busy' })]);
      expect(d.trace.event).toContain(`version ${event.version} is not after ${stored}, taken anyway`);
      expect(d.next.teams?.version).toBe(event.version);
    }
  });

  const CLOCK = Date.UTC(2026, 0, 15, 12, 0, 0); // PBX times are epoch ms
  test.each([
    // [what, stored line time, event time, expected]
    ['a line event after a far-future one (year 2100)', Date.UTC(2100, 0, 1), CLOCK, 'applied'],
    ['a line event earlier than one seen 10 s ago', CLOCK - 10_000, CLOCK - 20_000, 'stale'],
    ['a line event earlier than one seen 10 minutes ago', CLOCK - 10 * MINUTE, CLOCK - 11 * MINUTE, 'applied'],
  ] as const)('%s', (_what, storedAt, at, outcome) => {
    const state = userState({ line: line('idle', String(storedAt), storedAt) });
    const d = decide(state, lineEvent('onCall', at, at), DEFAULT, CLOCK);
    expect(d.trace.outcome).toBe(outcome);
    if (outcome === 'applied') expect(d.next.line).toEqual({ state: 'onCall', version: String(at), at });
  });
});

describe('Teams -> PBX', () => {
  test('writes the routing state the rule says and remembers it', () => {
    const d = decide(userState(), teamsEvent('DoNotDisturb/DoNotDisturb', '1', NOW), DEFAULT, NOW);
    expect(d.actions).toEqual([{ kind: 'setRouting', tenantId: T, userId: U, extension: EXT, state: 'dnd' }]);
    expect(d.next.routingSent).toEqual({ state: 'dnd', at: NOW });
    expect(d.next.teams).toEqual({ presence: p('DoNotDisturb/DoNotDisturb'), version: '1', at: NOW });
    expect(d.trace).toMatchObject({
      direction: 'teamsToPbx',
      outcome: 'applied',
      rule: 'DoNotDisturb/* -> dnd (row 4, preset default)',
      event: 'Teams DoNotDisturb/DoNotDisturb (seq 1, poll)',
    });
  });

  test('no write when the PBX already has that routing state', () => {
    const d = decide(userState({ routingSent: { state: 'busy', at: 1 } }), teamsEvent('Busy/InAMeeting', '1', NOW), DEFAULT, NOW);
    expect(d.trace.outcome).toBe('unchanged');
    expect(d.actions).toEqual([]);
  });

  test('a noChange row writes nothing', () => {
    const d = decide(
      userState({ routingSent: { state: 'busy', at: 1 } }),
      teamsEvent('PresenceUnknown/PresenceUnknown', '1', NOW),
      DEFAULT,
      NOW,
    );
    expect(d.trace.outcome).toBe('noRule');
  });

  test('with releaseTo (ProCall), leaving a mapped Teams state puts the PBX back to available', () => {
    const procall = presetPolicy('procall');
    const d = decide(userState({ routingSent: { state: 'dnd', at: 1 } }), teamsEvent('Available/Available', '1', NOW), procall, NOW);
    expect(d.actions).toEqual([expect.objectContaining({ kind: 'setRouting', state: 'available' })]);
    expect(d.trace.reason).toContain('releasing the dnd we set earlier');
    const untouched = decide(userState(), teamsEvent('Available/Available', '1', NOW), procall, NOW);
    expect(untouched.trace.outcome).toBe('noRule');
  });

  test('our own session read back is an echo, not routing busy', () => {
    const state = userState({ line: line('onCall'), teamsSent: session('Busy/InACall') });
    const d = decide(state, teamsEvent('Busy/InACall', '2', NOW), DEFAULT, NOW);
    expect(d.trace.outcome).toBe('echo');
    expect(d.trace.reason).toContain('our own session (set for line onCall)');
    expect(d.actions).toEqual([]);
    expect(d.next.teams?.version).toBe('2');
  });

  test("while our session is set, a different read is the user's own status and is sent", () => {
    const state = userState({ line: line('onCall'), teamsSent: session('Busy/InACall') });
    const d = decide(state, teamsEvent('DoNotDisturb/DoNotDisturb', '2', NOW), DEFAULT, NOW);
    expect(d.actions).toEqual([expect.objectContaining({ kind: 'setRouting', state: 'dnd' })]);
    expect(d.followUp).toBeUndefined(); // our session is already set
  });

  test.each([
    [NOW - 5_000, 'echo'], // Graph still shows the session we cleared 5 s before the read
    [NOW - 60_000, 'applied'], // long after: the user's own Busy/InACall (a Teams call)
  ])('a read equal to the session we cleared at %d -> %s', (clearedAt, outcome) => {
    const state = userState({ teamsSent: session(null, clearedAt, 'Busy/InACall') });
    expect(decide(state, teamsEvent('Busy/InACall', '2', NOW), DEFAULT, NOW).trace.outcome).toBe(outcome);
  });

  test('a read taken as our echo is looked at again when its version returns after our session ended', () => {
    const duringCall = userState({
      line: line('onCall'),
      teamsSent: session('Busy/InACall', NOW - 60_000),
      routingSent: { state: 'available', at: 1 },
    });
    const echo = decide(duringCall, teamsEvent('Busy/InACall', '0007', NOW), DEFAULT, NOW);
    expect(echo.trace.outcome).toBe('echo');
    expect(echo.next.teams?.echo).toBe(true);
    // Still our session: the same version again is a quiet duplicate.
    expect(decide(echo.next, teamsEvent('Busy/InACall', '0007', NOW + 1), DEFAULT, NOW + 1).trace.outcome).toBe('stale');
    // The call ended and we cleared our session, but Graph still says Busy/InACall with the same version:
    // the user is in a Teams call of their own. Within the echo window it is still taken as ours...
    const ended = decide(echo.next, lineEvent('idle', 2, NOW + 2), DEFAULT, NOW + 2);
    expect(decide(ended.next, teamsEvent('Busy/InACall', '0007', NOW + 3), DEFAULT, NOW + 3).trace.outcome).toBe('stale');
    // ...and after it, it is the user's own status and reaches the PBX.
    const later = decide(ended.next, teamsEvent('Busy/InACall', '0007', NOW + 60_000), DEFAULT, NOW + 60_000);
    expect(later.actions).toEqual([expect.objectContaining({ kind: 'setRouting', state: 'busy' })]);
    expect(later.trace.event).toContain('looked at again');
    expect(later.next.teams?.echo).toBeUndefined();
  });

  test('the preferred presence we forced, read back, is an echo', () => {
    const state = userState({
      preferredSent: { presence: p('Busy/Busy'), at: NOW - 1000, previous: null },
      preferredBefore: p('DoNotDisturb/DoNotDisturb'),
    });
    expect(decide(state, teamsEvent('Busy/Busy', '2', NOW), DEFAULT, NOW).trace.outcome).toBe('echo');
  });

  test('paused: traced, seen, nothing written', () => {
    const state = userState({ paused: { by: 'admin@contoso.com', at: 1 } });
    const d = decide(state, teamsEvent('Busy/Busy', '1', NOW), DEFAULT, NOW);
    expect(d.trace.outcome).toBe('paused');
    expect(d.trace.reason).toContain('admin@contoso.com');
    expect(d.actions).toEqual([]);
    expect(d.next.teams?.presence).toEqual(p('Busy/Busy'));
  });

  test('direction off: traced, nothing written', () => {
    const d = decide(userState(), teamsEvent('Busy/Busy', '1', NOW), policy({ teamsToPbx: { enabled: false } }), NOW);
    expect(d.trace.outcome).toBe('disabled');
    expect(d.actions).toEqual([]);
  });
});

describe('PBX -> Teams', () => {
  test('a call sets our session, idle clears it', () => {
    const onCall = decide(userState({ teams: seen('Available/Available') }), lineEvent('onCall', 1, NOW), DEFAULT, NOW);
    expect(onCall.actions).toEqual([{ kind: 'setTeamsSession', tenantId: T, userId: U, presence: inACall }]);
    expect(onCall.next.teamsSent).toEqual({ presence: inACall, at: NOW, previous: null });
    expect(onCall.trace).toMatchObject({ direction: 'pbxToTeams', outcome: 'applied', event: 'line onCall (1001, v 1)' });
    const idle = decide(onCall.next, lineEvent('idle', 2, NOW + 1), DEFAULT, NOW + 1);
    expect(idle.actions).toEqual([{ kind: 'clearTeamsSession', tenantId: T, userId: U }]);
    expect(idle.next.teamsSent).toEqual({ presence: null, at: NOW + 1, previous: inACall });
  });

  test.each([
    ['held', 'Busy/InACall', 'unchanged'],
    ['ringing', 'Busy/InACall', 'noRule'], // ringing sets nothing and keeps the call's session
    ['onCall', 'Busy/InACall', 'unchanged'],
  ] as const)('line %s with our session %s -> %s', (state, sent, outcome) => {
    const d = decide(userState({ line: line('onCall'), teamsSent: session(sent) }), lineEvent(state, 2, NOW), DEFAULT, NOW);
    expect(d.trace.outcome).toBe(outcome);
    expect(d.actions).toEqual([]);
  });

  test('idle with no session of ours writes nothing', () => {
    const d = decide(userState(), lineEvent('idle', 1, NOW), DEFAULT, NOW);
    expect(d.trace).toMatchObject({ outcome: 'unchanged', reason: 'no session of ours to clear' });
  });

  test('a line state that sets nothing still ends the session left from the call', () => {
    const d = decide(
      userState({ line: line('onCall'), teamsSent: session('Busy/InACall') }),
      lineEvent('dnd', 2, NOW),
      presetPolicy('procall'),
      NOW,
    );
    expect(d.actions).toEqual([{ kind: 'clearTeamsSession', tenantId: T, userId: U }]);
    expect(d.trace.reason).toContain('left from the earlier line state');
  });

  test.each([
    ['DoNotDisturb/DoNotDisturb', 'held back: user set DoNotDisturb/DoNotDisturb, which outranks Busy/InACall'],
    ['DoNotDisturb/Presenting', 'held back: user is DoNotDisturb/Presenting'],
    ['BeRightBack/BeRightBack', 'held back: user set BeRightBack/BeRightBack'],
    ['Offline/OffWork', 'held back: user set Offline/OffWork'],
  ])("the user's own %s wins over our call session", (own, reason) => {
    const d = decide(userState({ teams: seen(own) }), lineEvent('onCall', 1, NOW), DEFAULT, NOW);
    expect(d.trace.outcome).toBe('heldBack');
    expect(d.trace.reason).toContain(reason);
    expect(d.actions).toEqual([]);
    expect(d.next.teamsSent).toBeUndefined();
  });

  test.each(['Available/Available', 'Away/Away', 'Busy/InAMeeting', 'Busy/Busy', 'Offline/Offline'])(
    'a Teams status of %s does not hide our call session: written',
    (own) => {
      const d = decide(userState({ teams: seen(own) }), lineEvent('onCall', 1, NOW), DEFAULT, NOW);
      expect(d.trace.outcome).toBe('applied');
    },
  );

  test("held back once, not re-sent on the next line event; written when the user's status changes", () => {
    let state = userState({ teams: seen('DoNotDisturb/DoNotDisturb', '0001') });
    let d = decide(state, lineEvent('ringing', 1, NOW), DEFAULT, NOW);
    d = decide(d.next, lineEvent('onCall', 2, NOW), DEFAULT, NOW);
    expect(d.trace.outcome).toBe('heldBack');
    d = decide(d.next, lineEvent('held', 3, NOW), DEFAULT, NOW);
    expect(d.actions).toEqual([]);
    state = d.next;
    const changed = decide(state, teamsEvent('Available/Available', '0002', NOW + 10), DEFAULT, NOW + 10);
    expect(changed.trace).toMatchObject({ direction: 'teamsToPbx', outcome: 'applied' });
    expect(changed.followUp).toMatchObject({
      direction: 'pbxToTeams',
      outcome: 'applied',
      event: 'Teams Available/Available (seq 0002, poll); line held',
    });
    expect(changed.actions.map((a) => a.kind)).toEqual(['setRouting', 'setTeamsSession']);
    expect(changed.next.teamsSent?.presence).toEqual(inACall);
  });

  test('no re-evaluation when the line is not in a call', () => {
    const d = decide(userState({ line: line('idle') }), teamsEvent('Available/Available', '1', NOW), DEFAULT, NOW);
    expect(d.followUp).toBeUndefined();
  });

  describe('echo of our routing write', () => {
    const sentDnd = (at: number) => ({ routingSent: { state: 'dnd' as const, at } });
    test.each([
      ['dnd within the echo window', 'dnd', NOW - 2_000, 'idle', 'echo'],
      ['dnd long after: the PBX cannot say who set it, so still ours', 'dnd', NOW - 60_000, 'idle', 'echo'],
      ['dnd long after, line already dnd: still the reflection', 'dnd', NOW - 60_000, 'dnd', 'echo'],
      ['a call within the window is never an echo', 'onCall', NOW - 2_000, 'idle', 'applied'],
    ] as const)('%s', (_name, state, sentAt, before, outcome) => {
      const d = decide(
        userState({ ...sentDnd(sentAt), line: line(before), teams: seen('Available/Available') }),
        lineEvent(state, 2, NOW),
        DEFAULT,
        NOW,
      );
      expect(d.trace.outcome).toBe(outcome);
    });
    test("a reflected dnd after a call still ends the call's session", () => {
      const state = userState({
        routingSent: { state: 'busy', at: NOW - 60_000 },
        line: line('onCall'),
        teamsSent: session('Busy/InACall'),
      });
      const d = decide(state, lineEvent('dnd', 2, NOW), DEFAULT, NOW);
      expect(d.actions).toEqual([{ kind: 'clearTeamsSession', tenantId: T, userId: U }]);
      expect(d.trace.reason).toContain('clearing our session set for the earlier line state');
    });
    test('a reflected dnd ends a DND session we showed for the desk phone: we can no longer tell it from ours', () => {
      const state = userState({
        routingSent: { state: 'dnd', at: NOW - 60_000 },
        line: line('dnd'),
        teamsSent: session('DoNotDisturb/Presenting'),
      });
      expect(decide(state, lineEvent('dnd', 2, NOW), DEFAULT, NOW).actions).toEqual([
        { kind: 'clearTeamsSession', tenantId: T, userId: U },
      ]);
    });
    test('routing that the PBX will reflect as the current line state ends what we pushed for it', () => {
      const state = userState({
        routingSent: { state: 'available', at: 1 },
        line: line('dnd'),
        teamsSent: session('DoNotDisturb/Presenting'),
        teams: seen('DoNotDisturb/Presenting', '0001'),
      });
      const d = decide(state, teamsEvent('BeRightBack/BeRightBack', '0002', NOW), DEFAULT, NOW);
      expect(d.actions.map((a) => a.kind)).toEqual(['setRouting', 'clearTeamsSession']);
      expect(d.followUp?.event).toBe('Teams BeRightBack/BeRightBack (seq 0002, poll); line dnd');
    });
    test("the person's own dnd is pushed while our routing cannot produce it", () => {
      const state = userState({
        routingSent: { state: 'available', at: NOW - 1000 },
        line: line('idle'),
        teams: seen('Available/Available'),
      });
      expect(decide(state, lineEvent('dnd', 2, NOW), DEFAULT, NOW).actions).toEqual([
        expect.objectContaining({ kind: 'setTeamsSession', presence: p('DoNotDisturb/Presenting') }),
      ]);
    });
    test('idle after our routing "available" is not an echo: it ends what we pushed', () => {
      const state = userState({
        routingSent: { state: 'available', at: NOW - 1000 },
        line: line('dnd'),
        teamsSent: session('DoNotDisturb/Presenting'),
      });
      const d = decide(state, lineEvent('idle', 2, NOW), DEFAULT, NOW);
      expect(d.actions).toEqual([{ kind: 'clearTeamsSession', tenantId: T, userId: U }]);
    });
  });

  describe('Telia: only a Teams status of Available or Busy is replaced', () => {
    const telia = presetPolicy('telia');
    test.each([
      ['Available/Available', 'applied'],
      ['Busy/InAMeeting', 'applied'],
      ['Busy/Busy', 'applied'],
      ['DoNotDisturb/DoNotDisturb', 'heldBack'],
      ['BeRightBack/BeRightBack', 'heldBack'],
      ['Away/Away', 'heldBack'],
      ['Offline/OffWork', 'heldBack'],
      ['AvailableIdle/Available', 'heldBack'],
    ])('Teams %s + line onCall -> %s', (own, outcome) => {
      expect(decide(userState({ teams: seen(own) }), lineEvent('onCall', 1, NOW), telia, NOW).trace.outcome).toBe(outcome);
    });
    test('before the first Teams read nothing is replaced', () => {
      const d = decide(userState(), lineEvent('onCall', 1, NOW), telia, NOW);
      expect(d.trace).toMatchObject({ outcome: 'heldBack', reason: expect.stringContaining('not read yet') });
    });
    test('our own session showing does not block the next call state', () => {
      const state = userState({ teams: seen('Busy/InACall'), teamsSent: session('Busy/InACall'), line: line('onCall') });
      expect(decide(state, lineEvent('idle', 2, NOW), telia, NOW).actions).toEqual([{ kind: 'clearTeamsSession', tenantId: T, userId: U }]);
    });
  });

  test('ProCall: a manual PBX dnd is not pushed', () => {
    const d = decide(userState({ teams: seen('Available/Available') }), lineEvent('dnd', 1, NOW), presetPolicy('procall'), NOW);
    expect(d.trace.outcome).toBe('noRule');
    expect(d.trace.rule).toContain('manual PBX states are not pushed');
  });

  test('paused and disabled are traced and write nothing', () => {
    expect(decide(userState({ paused: { by: 'a', at: 1 } }), lineEvent('onCall', 1, NOW), DEFAULT, NOW).trace.outcome).toBe('paused');
    const d = decide(userState(), lineEvent('onCall', 1, NOW), presetPolicy('daktela'), NOW);
    expect(d.trace.outcome).toBe('disabled');
    expect(d.next.line?.state).toBe('onCall');
  });
});

describe('forcePreferred', () => {
  const force = policy({ pbxToTeams: { forcePreferred: true } });

  test("overwrites the user's manual status, remembers it, and restores it when the line is idle", () => {
    const start = userState({ teams: seen('DoNotDisturb/DoNotDisturb') });
    const onCall = decide(start, lineEvent('onCall', 1, NOW), force, NOW);
    expect(onCall.trace.outcome).toBe('applied');
    expect(onCall.trace.reason).toContain('forced');
    expect(onCall.actions).toEqual([
      { kind: 'setTeamsSession', tenantId: T, userId: U, presence: inACall },
      { kind: 'setPreferredPresence', tenantId: T, userId: U, presence: p('Busy/Busy') },
    ]);
    expect(onCall.next.preferredBefore).toEqual(p('DoNotDisturb/DoNotDisturb'));

    const readBack = decide(onCall.next, teamsEvent('Busy/Busy', '0002', NOW + 5), force, NOW + 5);
    expect(readBack.trace.outcome).toBe('echo');

    const idle = decide(readBack.next, lineEvent('idle', 2, NOW + 10), force, NOW + 10);
    expect(idle.actions).toEqual([
      { kind: 'clearTeamsSession', tenantId: T, userId: U },
      { kind: 'setPreferredPresence', tenantId: T, userId: U, presence: p('DoNotDisturb/DoNotDisturb') },
    ]);
    expect(idle.next.preferredBefore).toBeUndefined();
    expect(idle.next.preferredSent?.presence).toBeNull();
  });

  test('with no manual state before, restoring clears the preferred presence', () => {
    const onCall = decide(userState({ teams: seen('DoNotDisturb/Presenting') }), lineEvent('onCall', 1, NOW), force, NOW);
    expect(onCall.next.preferredBefore).toBeNull();
    const idle = decide(onCall.next, lineEvent('idle', 2, NOW + 10), force, NOW + 10);
    expect(idle.actions).toContainEqual({ kind: 'clearPreferredPresence', tenantId: T, userId: U });
  });

  test('a status the user picks while forced is kept: nothing is restored over it', () => {
    const onCall = decide(userState({ teams: seen('DoNotDisturb/DoNotDisturb') }), lineEvent('onCall', 1, NOW), force, NOW);
    const picked = decide(onCall.next, teamsEvent('Away/Away', '0002', NOW + 60_000), force, NOW + 60_000);
    expect(picked.trace.reason).toContain('no longer forcing');
    const idle = decide(picked.next, lineEvent('idle', 2, NOW + 70_000), force, NOW + 70_000);
    expect(idle.actions).toEqual([{ kind: 'clearTeamsSession', tenantId: T, userId: U }]);
  });

  test('off by default: the same situation is held back', () => {
    expect(decide(userState({ teams: seen('DoNotDisturb/DoNotDisturb') }), lineEvent('onCall', 1, NOW), DEFAULT, NOW).trace.outcome).toBe(
      'heldBack',
    );
  });
});
