/** Decisions for one user, newest first: what came in, which rule matched, what was done and what came back. */
import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { TraceEntry, TraceOutcome } from '../api/types';
import { presenceText, timeText } from '../format/format';

const OUTCOME_COLOR: Record<TraceOutcome, 'success' | 'informative' | 'subtle' | 'warning'> = {
  applied: 'success',
  unchanged: 'subtle',
  stale: 'subtle',
  echo: 'subtle',
  heldBack: 'warning',
  noRule: 'informative',
  paused: 'warning',
  disabled: 'warning',
};

function actionText(a: TraceEntry['actions'][number]): string {
  switch (a.kind) {
    case 'setRouting':
      return `PBX ${a.extension} -> ${a.state}`;
    case 'setTeamsSession':
      return `Teams session -> ${presenceText(a.presence)}`;
    case 'clearTeamsSession':
      return 'Teams session cleared';
    case 'setPreferredPresence':
      return `own status -> ${presenceText(a.presence)}`;
    case 'clearPreferredPresence':
      return 'own status restored';
  }
}

export function TraceTable({ entries }: { entries: TraceEntry[] }) {
  if (entries.length === 0) return <Text>No decisions recorded for this user yet.</Text>;
  const sorted = [...entries].sort((a, b) => b.at - a.at);
  return (
    <Table size="small" aria-label="Decisions" data-testid="trace-table">
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: '11em' }}>When</TableHeaderCell>
          <TableHeaderCell style={{ width: '8em' }}>Direction</TableHeaderCell>
          <TableHeaderCell>Event</TableHeaderCell>
          <TableHeaderCell>Rule</TableHeaderCell>
          <TableHeaderCell style={{ width: '7em' }}>Outcome</TableHeaderCell>
          <TableHeaderCell>Why</TableHeaderCell>
          <TableHeaderCell>Done</TableHeaderCell>
          <TableHeaderCell>Result</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {sorted.map((e, i) => (
          <TableRow key={`${e.at}-${i}`} data-direction={e.direction} data-outcome={e.outcome}>
            <TableCell>{timeText(e.at)}</TableCell>
            <TableCell>{e.direction === 'teamsToPbx' ? 'Teams -> PBX' : 'PBX -> Teams'}</TableCell>
            <TableCell>{e.event}</TableCell>
            <TableCell>{e.rule ?? '-'}</TableCell>
            <TableCell>
              <Badge appearance="tint" color={OUTCOME_COLOR[e.outcome] ?? 'subtle'}>
                {e.outcome}
              </Badge>
            </TableCell>
            <TableCell>{e.reason}</TableCell>
            <TableCell>{e.actions.length ? e.actions.map(actionText).join('; ') : '-'}</TableCell>
            <TableCell>{e.result ?? '-'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
