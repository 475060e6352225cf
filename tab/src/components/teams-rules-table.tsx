/** Teams -> PBX rows: a Teams availability/activity pattern ("*" = any) and the routing state it gives. */
import { TableCell } from '@fluentui/react-components';
import { ACTIVITIES, AVAILABILITIES, ROUTING_STATES } from '../api/vocabulary';
import type { TeamsToPbxRule } from '../api/types';
import { EditableRulesTable } from './editable-rules-table';
import { RuleSelect } from './rule-select';

const AVAILABILITY_OPTIONS = ['*', ...AVAILABILITIES];
const ACTIVITY_OPTIONS = ['*', ...ACTIVITIES];
const ROUTING_OPTIONS = [...ROUTING_STATES, 'noChange'];

export function TeamsRulesTable(props: { rows: TeamsToPbxRule[]; problems: Map<string, string>; onChange(rows: TeamsToPbxRule[]): void }) {
  return (
    <EditableRulesTable<TeamsToPbxRule>
      testId="teams-rules"
      hint="The most specific row wins, whatever the order: exact pair, then availability with any activity, then any availability with the activity, then */*."
      label="Teams to PBX rules"
      headers={['Teams availability', 'Teams activity', 'PBX routing']}
      rows={props.rows}
      rowName={(i) => `row ${i}`}
      newRow={() => ({ availability: '*', activity: '*', routing: 'noChange' }) as TeamsToPbxRule}
      onChange={props.onChange}
      cells={(r, i, set) => (
        <>
          <TableCell>
            <RuleSelect
              label={`Row ${i} availability`}
              value={r.availability}
              options={AVAILABILITY_OPTIONS}
              problem={props.problems.get(`${i}.availability`)}
              onChange={(v) => set({ availability: v as TeamsToPbxRule['availability'] })}
            />
          </TableCell>
          <TableCell>
            <RuleSelect
              label={`Row ${i} activity`}
              value={r.activity}
              options={ACTIVITY_OPTIONS}
              problem={props.problems.get(`${i}.activity`) ?? props.problems.get(`${i}`)}
              onChange={(v) => set({ activity: v as TeamsToPbxRule['activity'] })}
            />
          </TableCell>
          <TableCell>
            <RuleSelect
              label={`Row ${i} routing`}
              value={r.routing}
              options={ROUTING_OPTIONS}
              problem={props.problems.get(`${i}.routing`)}
              onChange={(v) => set({ routing: v as TeamsToPbxRule['routing'] })}
            />
          </TableCell>
        </>
      )}
    />
  );
}
