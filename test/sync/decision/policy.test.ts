import { InvalidPolicyError } from '../../../src/sync/errors';
import { parsePolicy, policyOrThrow } from '../../../src/sync/decision/policy';
import { presetPolicy } from '../../../src/sync/decision/presets';

describe('parsePolicy', () => {
  test('a preset name alone is a whole policy, with forcePreferred off', () => {
    const r = parsePolicy({ preset: 'telia' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy).toEqual(presetPolicy('telia'));
    expect(r.policy.pbxToTeams.forcePreferred).toBe(false);
  });

  test('an empty object is the default preset', () => {
    const r = parsePolicy('{}');
    expect(r.ok && r.policy).toEqual(presetPolicy('default'));
  });

  test('sections merge field by field over the preset', () => {
    const r = parsePolicy({ preset: 'procall', pbxToTeams: { forcePreferred: true }, debounceMs: 0 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.pbxToTeams.forcePreferred).toBe(true);
    expect(r.policy.pbxToTeams.rules).toEqual(presetPolicy('procall').pbxToTeams.rules);
    expect(r.policy.debounceMs).toBe(0);
  });

  test('the parsed policy is frozen', () => {
    const r = parsePolicy({});
    if (!r.ok) throw new Error('expected ok');
    expect(Object.isFrozen(r.policy.teamsToPbx.rules[0])).toBe(true);
  });

  test.each([
    ['not json', '', 'not valid JSON'],
    [[1], '', 'must be a JSON object'],
    [{ preset: 'avaya' }, 'preset', 'unknown preset "avaya"'],
    [
      { teamsToPbx: { rules: [{ availability: 'Busy', activity: '*', routing: 'nope' }] } },
      'teamsToPbx.rules[0].routing',
      'not a valid routing state',
    ],
    [{ pbxToTeams: { rules: [{ line: 'onCall', teams: 'Busy/Busy' }] } }, 'pbxToTeams.rules[0].teams', 'cannot set Busy/Busy'],
    [{ pbxToTeams: { replaceOnlyWhen: [] } }, 'pbxToTeams.replaceOnlyWhen', 'use null'],
    [{ debounceMs: -1 }, 'debounceMs', ''],
    [{ echoWindowMs: 10_000_000 }, 'echoWindowMs', 'ten minutes'],
    [{ extra: true }, '', 'Unrecognized key'],
  ])('invalid input %# is an error value at "%s"', (input, path, message) => {
    const r = parsePolicy(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.errors.find((e) => e.path === path);
    expect(hit).toBeDefined();
    expect(hit!.message).toContain(message);
  });
});

describe('policyOrThrow', () => {
  test('returns the policy when valid', () => {
    expect(policyOrThrow({ preset: 'swyx' }).preset).toBe('swyx');
  });
  test('throws an InvalidPolicyError naming each problem', () => {
    expect(() => policyOrThrow({ debounceMs: 'soon' }, 'policy of tenant contoso')).toThrow(InvalidPolicyError);
    expect(() => policyOrThrow({ debounceMs: 'soon' }, 'policy of tenant contoso')).toThrow(
      /The policy of tenant contoso is invalid and was not applied: debounceMs: /,
    );
  });
});
