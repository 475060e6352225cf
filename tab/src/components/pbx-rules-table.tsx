/** PBX -> Teams rows: a line state and what our Teams session shows for it (a settable presence, clear, noChange). */
import { TableCell } from '@fluentui/react-components';
import { LINE_STATES, SETTABLE_PRESENCES } from '../api/vocabulary';
import type { PbxToTeamsRule, TeamsTarget } from '../api/types';
import { EditableRulesTable } from './editable-rules-table';
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
  const unused = LINE_STATES.find((l) => !props.rows.some((r) => r.line === l));
  return (
    <EditableRulesTable<PbxToTeamsRule>
      testId="pbx-rules"
      hint={'"clear" ends our Teams session, so the person\'s own status shows again; a line state without a row changes nothing.'}
      label="PBX to Teams rules"
      headers={['Line state', 'Teams presence']}
      rows={props.rows}
      rowName={(i) => `line row ${i}`}
      newRow={() => ({ line: unused ?? 'idle', teams: 'noChange' })}
      onChange={props.onChange}
      cells={(r, i, set) => (
        <>
          <TableCell>
            <RuleSelect
              label={`Line row ${i}`}
              value={r.line}
              options={LINE_STATES}
              problem={props.problems.get(`${i}.line`) ?? props.problems.get(`${i}`)}
              onChange={(v) => set({ line: v as PbxToTeamsRule['line'] })}
            />
          </TableCell>
          <TableCell>
            <RuleSelect
              label={`Line row ${i} Teams presence`}
              value={targetText(r.teams)}
              options={TARGETS}
              problem={props.problems.get(`${i}.teams`)}
              onChange={(v) => set({ teams: parseTarget(v) })}
            />
          </TableCell>
        </>
      )}
    />
  );
}
