/** PBX -> Teams rows: a line state and what our Teams session shows for it (a settable presence, clear, noChange). */
import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { LINE_STATES, SETTABLE_PRESENCES } from '../../../src/sync/states';
import type { PbxToTeamsRule, TeamsTarget } from '../api/types';
import { RuleSelect } from './rule-select';

const TARGETS = ['clear', 'noChange', ...SETTABLE_PRESENCES.map((p) => `${p.availability}/${p.activity}`)];

export function targetText(t: TeamsTarget): string {
  return typeof t === 'string' ? t : `${t.availability}/${t.activity}`;
}

function parseTarget(text: string): TeamsTarget {
  if (text === 'clear' || text === 'noChange') return text;
  const [availability, activity] = text.split('/');
  return { availability, activity } as TeamsTarget;
}

export function PbxRulesTable(props: { rows: PbxToTeamsRule[]; problems: Map<string, string>; onChange(rows: PbxToTeamsRule[]): void }) {
  const set = (i: number, patch: Partial<PbxToTeamsRule>) => props.onChange(props.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const remove = (i: number) => props.onChange(props.rows.filter((_, j) => j !== i));
  const unused = LINE_STATES.find((l) => !props.rows.some((r) => r.line === l));
  const add = () => props.onChange([...props.rows, { line: unused ?? 'idle', teams: 'noChange' }]);
  return (
    <div data-testid="pbx-rules">
      <Text size={200}>"clear" ends our Teams session, so the person's own status shows again; a line state without a row changes nothing.</Text>
      <Table size="small" aria-label="PBX to Teams rules">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Line state</TableHeaderCell>
            <TableHeaderCell>Teams presence</TableHeaderCell>
            <TableHeaderCell style={{ width: '6em' }} />
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.rows.map((r, i) => (
            <TableRow key={i} data-row={i}>
              <TableCell>
                <RuleSelect label={`Line row ${i}`} value={r.line} options={LINE_STATES} problem={props.problems.get(`${i}.line`) ?? props.problems.get(`${i}`)} onChange={(v) => set(i, { line: v as PbxToTeamsRule['line'] })} />
              </TableCell>
              <TableCell>
                <RuleSelect label={`Line row ${i} Teams presence`} value={targetText(r.teams)} options={TARGETS} problem={props.problems.get(`${i}.teams`)} onChange={(v) => set(i, { teams: parseTarget(v) })} />
              </TableCell>
              <TableCell>
                <Button size="small" appearance="subtle" onClick={() => remove(i)} aria-label={`Remove line row ${i}`}>
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
