/** Who a draft policy would change, and how; nothing has been written. */
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { DryRunChange } from '../api/types';
import { presenceText } from '../format/format';
import { useUserNames } from '../hooks/use-user-names';

export function DryRunResult({ changes }: { changes: DryRunChange[] }) {
  const names = useUserNames(changes.map((c) => c.userId));
  if (changes.length === 0)
    return <Text data-testid="dry-run-result">No user would change: the draft gives everyone the state they have now.</Text>;
  return (
    <div data-testid="dry-run-result">
      <Text>
        {changes.length} user{changes.length === 1 ? '' : 's'} would change. Nothing has been written yet.
      </Text>
      <div style={{ maxHeight: 480, overflowY: 'auto' }}>
        <Table size="small" aria-label="Dry run changes">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>User</TableHeaderCell>
              <TableHeaderCell style={{ width: '6em' }}>Extension</TableHeaderCell>
              <TableHeaderCell>PBX routing</TableHeaderCell>
              <TableHeaderCell>Teams</TableHeaderCell>
              <TableHeaderCell>Why</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {changes.slice(0, 500).map((c) => (
              <TableRow key={c.userId} data-user={c.userId}>
                <TableCell title={c.userId}>{names.get(c.userId) ?? c.userId}</TableCell>
                <TableCell>{c.extension}</TableCell>
                <TableCell>{c.routing ? `${c.routing.from ?? '-'} -> ${c.routing.to}` : '-'}</TableCell>
                <TableCell>
                  {c.teams
                    ? `${presenceText(c.teams.from)} -> ${presenceText(c.teams.to)}`
                    : c.preferred
                      ? `own status ${presenceText(c.preferred.from)} -> ${presenceText(c.preferred.to)}`
                      : '-'}
                </TableCell>
                <TableCell>{c.reasons.join('; ')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {changes.length > 500 && <Text>… and {changes.length - 500} more.</Text>}
    </div>
  );
}
