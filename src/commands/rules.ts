/** `presence-bridge rules map`: what a preset does with one Teams presence or one PBX line state. */
import { parseArgs } from 'node:util';
import type { CommandIo } from './command-io';
import { mapLineToTeams, mapTeamsToRouting } from '../sync/decision/map';
import { PRESET_NAMES, presetPolicy } from '../sync/decision/presets';
import { formatTeamsTarget } from '../sync/decision/rules';
import { ACTIVITIES, AVAILABILITIES, LINE_STATES, type Activity, type Availability, type LineState } from '../sync/states';
import { UsageError } from './usage-error';

export async function rulesCommand(args: string[], io: CommandIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { preset: { type: 'string', default: 'default' }, teams: { type: 'string' }, pbx: { type: 'string' } },
  });
  if (positionals[0] !== 'map') throw new UsageError('Only "rules map" exists so far.');
  if (!(PRESET_NAMES as readonly string[]).includes(values.preset!)) {
    throw new UsageError(`Unknown preset "${values.preset}". Presets: ${PRESET_NAMES.join(', ')}.`);
  }
  const policy = presetPolicy(values.preset!);
  if ((values.teams === undefined) === (values.pbx === undefined))
    throw new UsageError('Give either --teams <Availability>/<Activity> or --pbx <line state>.');

  if (values.teams !== undefined) {
    const [availability, activity = availability] = values.teams.split('/');
    if (!(AVAILABILITIES as readonly string[]).includes(availability)) {
      throw new UsageError(`"${availability}" is not a Teams availability. Use one of ${AVAILABILITIES.join(', ')}.`);
    }
    if (!(ACTIVITIES as readonly string[]).includes(activity)) {
      throw new UsageError(`"${activity}" is not a Teams activity. Use one of ${ACTIVITIES.join(', ')}.`);
    }
    const m = mapTeamsToRouting(policy, { availability: availability as Availability, activity: activity as Activity });
    io.out(
      m.outcome === 'noChange' ? `no change: the PBX routing state is left as it is\n  rule: ${m.rule}` : `${m.outcome}\n  rule: ${m.rule}`,
    );
    return 0;
  }
  const line = values.pbx!;
  if (!(LINE_STATES as readonly string[]).includes(line))
    throw new UsageError(`"${line}" is not a line state. Use one of ${LINE_STATES.join(', ')}.`);
  const m = mapLineToTeams(policy, line as LineState);
  const text =
    m.outcome === 'noChange'
      ? 'no change: nothing is written to Teams'
      : m.outcome === 'clear'
        ? "clear: the app's presence session is cleared (Teams shows the user's own state)"
        : `${formatTeamsTarget(m.outcome)} (the app's presence session, expiring after 5 minutes unless renewed)`;
  io.out(`${text}\n  rule: ${m.rule}`);
  return 0;
}
