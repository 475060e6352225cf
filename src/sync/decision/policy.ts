/**
 * A tenant's sync policy: the rule tables plus the switches around them. Parsed once with zod into a frozen
 * object; a partial policy is completed from its preset, so `{"preset": "telia"}` is a whole policy.
 */
import { z } from 'zod';
import { presetPolicy } from './presets';
import { InvalidPolicyError } from '../errors';
import { frozenCopy } from './freeze';
import { issuesToErrors, type RuleError } from '../rule-error';
import { pbxToTeamsRulesSchema, teamsToPbxRulesSchema } from './rules';
import { AVAILABILITIES, ROUTING_STATES } from '../states';
import { PRESET_NAMES, type PresetName, type SyncPolicy } from './sync-policy';

export type { SyncPolicy } from './sync-policy';

export const DEFAULT_DEBOUNCE_MS = 2000;
export const DEFAULT_ECHO_WINDOW_MS = 15000;

export const policySchema = z
  .object({
    preset: z.enum([...PRESET_NAMES, 'custom'], {
      error: (iss) => `unknown preset ${JSON.stringify(iss.input)}; use one of ${[...PRESET_NAMES, 'custom'].join(', ')}`,
    }),
    teamsToPbx: z
      .object({
        enabled: z.boolean(),
        rules: teamsToPbxRulesSchema,
        releaseTo: z
          .enum(ROUTING_STATES, {
            error: (iss) => `${JSON.stringify(iss.input)} is not a routing state; use one of ${ROUTING_STATES.join(', ')} or null`,
          })
          .nullable(),
      })
      .strict(),
    pbxToTeams: z
      .object({
        enabled: z.boolean(),
        rules: pbxToTeamsRulesSchema,
        replaceOnlyWhen: z
          .array(
            z.enum(AVAILABILITIES, {
              error: (iss) => `${JSON.stringify(iss.input)} is not an availability; use one of ${AVAILABILITIES.join(', ')}`,
            }),
          )
          .min(1, 'an empty list would never write to Teams; use null to replace any status')
          .nullable(),
        pushManualPbxStates: z.boolean(),
        forcePreferred: z.boolean(),
      })
      .strict(),
    debounceMs: z.number().int().min(0).max(60_000, 'debounceMs above 60000 (one minute) would make sync look broken'),
    echoWindowMs: z.number().int().min(0).max(600_000, 'echoWindowMs above 600000 (ten minutes) would hide real changes'),
  })
  .strict();

export type PolicyResult = { ok: true; policy: SyncPolicy } | { ok: false; errors: RuleError[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse a policy from JSON text or a parsed value. Missing fields come from the named preset ("default" when
 * none is named or it is "custom"); sections merge field by field. Returns errors as values; nothing changes
 * on error.
 */
export function parsePolicy(json: unknown): PolicyResult {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (e) {
      return { ok: false, errors: [{ path: '', message: `not valid JSON (${(e as Error).message}); fix the syntax and try again` }] };
    }
  }
  if (!isRecord(input)) return { ok: false, errors: [{ path: '', message: 'a policy must be a JSON object' }] };

  const presetName = input.preset ?? 'default';
  const known = (PRESET_NAMES as readonly unknown[]).includes(presetName);
  const base: Record<string, unknown> = known
    ? (presetPolicy(presetName as PresetName) as unknown as Record<string, unknown>)
    : (presetPolicy('default') as unknown as Record<string, unknown>);
  const merged: Record<string, unknown> = { ...base, ...input, preset: presetName };
  for (const section of ['teamsToPbx', 'pbxToTeams'] as const) {
    if (isRecord(input[section]) && isRecord(base[section])) merged[section] = { ...base[section], ...input[section] };
  }
  const parsed = policySchema.safeParse(merged);
  if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues) };
  return { ok: true, policy: frozenCopy(parsed.data as SyncPolicy) };
}

/** For start-up: the policy, or an InvalidPolicyError listing every problem (nothing is applied). */
export function policyOrThrow(json: unknown, context = 'policy'): SyncPolicy {
  const r = parsePolicy(json);
  if (!r.ok) throw new InvalidPolicyError(r.errors, context);
  return r.policy;
}
