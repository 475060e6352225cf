/** Teams -> PBX rows: a Teams availability/activity pattern ("*" = any) and the routing state it gives. */
import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { ACTIVITIES, AVAILABILITIES, ROUTING_STATES } from '../../../src/sync/states';
import type { TeamsToPbxRule } from '../api/types';
import { RuleSelect } from './rule-select';

const AVAILABILITY_OPTIONS = ['*', ...AVAILABILITIES];
const ACTIVITY_OPTIONS = ['*', ...ACTIVITIES];
const ROUTING_OPTIONS = [...ROUTING_STATES, 'noChange'];

export function TeamsRulesTable(props: { rows: TeamsToPbxRule[]; problems: Map<string, string>; onChange(rows: TeamsToPbxRule[]): void }) {
  const set = (i: number, patch: Partial<TeamsToPbxRule>) => props.onChange(props.rows.map((r, j) => (j === i ? ({ ...r, ...patch } as TeamsToPbxRule) : r)));
  const remove = (i: number) => props.onChange(props.rows.filter((_, j) => j !== i));
  const add = () => props.onChange([...props.rows, { availability: '*', activity: '*', routing: 'noChange' } as TeamsToPbxRule]);
  return (
    <div data-testid="teams-rules">
      <Text size={200}>The most specific row wins, whatever the order: exact pair, then availability with any activity, then any availability with the activity, then */*.</Text>
      <Table size="small" aria-label="Teams to PBX rules">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Teams availability</TableHeaderCell>
            <TableHeaderCell>Teams activity</TableHeaderCell>
            <TableHeaderCell>PBX routing</TableHeaderCell>
            <TableHeaderCell style={{ width: '6em' }} />
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.rows.map((r, i) => (
            <TableRow key={i} data-row={i}>
              <TableCell>
                <RuleSelect label={`Row ${i} availability`} value={r.availability} options={AVAILABILITY_OPTIONS} problem={props.problems.get(`${i}.availability`)} onChange={(v) => set(i, { availability: v as TeamsToPbxRule['availability'] })} />
              </TableCell>
              <TableCell>
                <RuleSelect label={`Row ${i} activity`} value={r.activity} options={ACTIVITY_OPTIONS} problem={props.problems.get(`${i}.activity`) ?? props.problems.get(`${i}`)} onChange={(v) => set(i, { activity: v as TeamsToPbxRule['activity'] })} />
              </TableCell>
              <TableCell>
                <RuleSelect label={`Row ${i} routing`} value={r.routing} options={ROUTING_OPTIONS} problem={props.problems.get(`${i}.routing`)} onChange={(v) => set(i, { routing: v as TeamsToPbxRule['routing'] })} />
              </TableCell>
              <TableCell>
                <Button size="small" appearance="subtle" onClick={() => remove(i)} aria-label={`Remove row ${i}`}>
                  Remove
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Button size="small" onClick={add}>
        Add row
      </Button>
    </div>
  );
}
