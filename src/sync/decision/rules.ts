/**
 * Rule tables: what each side's state means for the other side. Values an admin can read, edit and export.
 *
 * Teams -> PBX rows match a Teams presence; "*" matches any value. The most specific row wins, whatever
 * the row order:
 *   1. exact pair                            Busy + InACall
 *   2. exact availability, activity "*"      Busy + *
 *   3. availability "*", exact activity      * + InACall
 *   4. catch-all                             * + *
 * Two rows with the same pattern are rejected, so there is never a tie. No matching row means "noChange".
 *
 * PBX -> Teams rows map a line state to a presence our session can carry (SETTABLE_PRESENCES), to "clear"
 * (end our session: the user's own status shows again) or to "noChange". A line state without a row is
 * "noChange".
 */
import { z } from 'zod';
import { formatPresence, parsePresence } from './presence';
import { issuesToErrors, type RuleError } from '../rule-error';
import {
  ACTIVITIES,
  AVAILABILITIES,
  LINE_STATES,
  NO_CHANGE,
  ROUTING_STATES,
  SETTABLE_PRESENCES,
  isSettablePresence,
  type Activity,
  type Availability,
  type LineState,
  type NoChange,
  type RoutingState,
  type TeamsPresence,
} from '../states';

export const ANY = '*' as const;

export interface TeamsToPbxRule {
  availability: Availability | typeof ANY;
  activity: Activity | typeof ANY;
  routing: RoutingState | NoChange;
}

export type TeamsTarget = TeamsPresence | 'clear' | NoChange;

export interface PbxToTeamsRule {
  line: LineState;
  teams: TeamsTarget;
}

export interface RuleTables {
  teamsToPbx: TeamsToPbxRule[];
  pbxToTeams: PbxToTeamsRule[];
}

const oneOf = (what: string, values: readonly string[]) => (iss: { input?: unknown }) =>
  `${JSON.stringify(iss.input)} is not a valid ${what}; use one of ${values.join(', ')}`;

const SETTABLE_TEXT = SETTABLE_PRESENCES.map(formatPresence).join(', ');

const availabilityPattern = z.enum([ANY, ...AVAILABILITIES], { error: oneOf('availability', ['*', ...AVAILABILITIES]) });
const activityPattern = z.enum([ANY, ...ACTIVITIES], { error: oneOf('activity', ['*', ...ACTIVITIES]) });
const routingTarget = z.enum([...ROUTING_STATES, NO_CHANGE], { error: oneOf('routing state', [...ROUTING_STATES, NO_CHANGE]) });

export const teamsToPbxRuleSchema = z
  .object({ availability: availabilityPattern, activity: activityPattern, routing: routingTarget })
  .strict();

const presenceSchema = z
  .object({
    availability: z.enum(AVAILABILITIES, { error: oneOf('availability', AVAILABILITIES) }),
    activity: z.enum(ACTIVITIES, { error: oneOf('activity', ACTIVITIES) }),
  })
  .strict();

/** "Busy/InACall" is accepted as shorthand for {availability: "Busy", activity: "InACall"}. */
const teamsTarget = z.preprocess(
  (v) => (typeof v === 'string' && v.includes('/') ? (parsePresence(v) ?? v) : v),
  z.union([z.literal('clear'), z.literal(NO_CHANGE), presenceSchema], {
    error: (iss) => `${JSON.stringify(iss.input)} is not a Teams target; use "clear", "noChange" or one of ${SETTABLE_TEXT}`,
  }),
);

export const pbxToTeamsRuleSchema = z
  .object({ line: z.enum(LINE_STATES, { error: oneOf('line state', LINE_STATES) }), teams: teamsTarget })
  .strict();

export function teamsPattern(rule: Pick<TeamsToPbxRule, 'availability' | 'activity'>): string {
  return `${rule.availability}/${rule.activity}`;
}

export const teamsToPbxRulesSchema = z.array(teamsToPbxRuleSchema).superRefine((rows, ctx) => {
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const key = teamsPattern(row);
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [i], message: `row ${i} (${key}) repeats row ${first}; keep one of them` });
    } else seen.set(key, i);
  });
});

export const pbxToTeamsRulesSchema = z.array(pbxToTeamsRuleSchema).superRefine((rows, ctx) => {
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const first = seen.get(row.line);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [i, 'line'], message: `row ${i} (line ${row.line}) repeats row ${first}; keep one of them` });
    } else seen.set(row.line, i);
    if (typeof row.teams === 'object' && !isSettablePresence(row.teams)) {
      const pair = formatPresence(row.teams);
      ctx.addIssue({
        code: 'custom',
        path: [i, 'teams'],
        message: `row ${i} (line ${row.line} -> ${pair}): Graph setPresence cannot set ${pair}; settable pairs are ${SETTABLE_TEXT} (or use "clear" / "noChange")`,
      });
    }
  });
});

export const ruleTablesSchema = z.object({ teamsToPbx: teamsToPbxRulesSchema, pbxToTeams: pbxToTeamsRulesSchema }).strict();

export type RuleValidation = { ok: true; rules: RuleTables } | { ok: false; errors: RuleError[] };

/** Validate rule tables from outside (admin API, CLI, import). Invalid input yields errors and nothing else. */
export function validateRuleTables(input: unknown): RuleValidation {
  const parsed = ruleTablesSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues) };
  return { ok: true, rules: parsed.data as RuleTables };
}

// ---- matching ----

export interface TeamsRuleMatch {
  rule: TeamsToPbxRule;
  index: number;
}

const teamsIndexCache = new WeakMap<readonly TeamsToPbxRule[], Map<string, number>>();

function teamsIndex(rules: readonly TeamsToPbxRule[]): Map<string, number> {
  let index = teamsIndexCache.get(rules);
  if (!index) {
    index = new Map();
    // First row wins on a duplicate; validated tables have none.
    rules.forEach((r, i) => {
      const key = teamsPattern(r);
      if (!index!.has(key)) index!.set(key, i);
    });
    teamsIndexCache.set(rules, index);
  }
  return index;
}

/** The most specific row for a presence, in O(1) (four map look-ups on a cached index). */
export function matchTeamsRule(rules: readonly TeamsToPbxRule[], p: TeamsPresence): TeamsRuleMatch | undefined {
  const index = teamsIndex(rules);
  for (const key of [`${p.availability}/${p.activity}`, `${p.availability}/*`, `*/${p.activity}`, '*/*']) {
    const i = index.get(key);
    if (i !== undefined) return { rule: rules[i], index: i };
  }
  return undefined;
}

export interface LineRuleMatch {
  rule: PbxToTeamsRule;
  index: number;
}

export function matchLineRule(rules: readonly PbxToTeamsRule[], line: LineState): LineRuleMatch | undefined {
  const index = rules.findIndex((r) => r.line === line);
  return index < 0 ? undefined : { rule: rules[index], index };
}

export function formatTeamsTarget(t: TeamsTarget): string {
  return typeof t === 'string' ? t : formatPresence(t);
}
