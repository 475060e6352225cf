/** What a mapping CSV would change, and every row error (any error: nothing can be applied). */
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { OverrideImportPlan } from '../api/types';

const ext = (e: string | null) => (e === null ? 'excluded' : e);

export function ImportPlanView({ plan }: { plan: OverrideImportPlan }) {
  const p = plan.preview;
  const changes = [
    ...p.add.map((r) => ({ row: r.row, who: r.userPrincipalName ?? r.userId, what: `add: ${ext(r.extension)}` })),
    ...p.change.map((r) => ({
      row: r.row,
      who: r.userPrincipalName ?? r.userId,
      what: `change: ${ext(r.previous)} -> ${ext(r.extension)}`,
    })),
    ...p.remove.map((r) => ({ row: 0, who: r.userPrincipalName ?? r.userId, what: `remove override (was ${ext(r.extension)})` })),
  ];
  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="import-plan">
      <Text data-testid="import-summary">
        {p.add.length} to add, {p.change.length} to change, {p.remove.length} to remove, {p.unchanged} unchanged. Afterwards:{' '}
        {p.summary.links} links, {p.summary.exclusions} exclusions.
      </Text>
      {plan.errors.length > 0 && (
        <Table size="small" aria-label="Row errors" data-testid="import-errors">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '5em' }}>Row</TableHeaderCell>
              <TableHeaderCell style={{ width: '10em' }}>Column</TableHeaderCell>
              <TableHeaderCell>Problem</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {plan.errors.map((e, i) => (
              <TableRow key={i}>
                <TableCell>{e.row === 0 ? 'file' : e.row}</TableCell>
                <TableCell>{e.field}</TableCell>
                <TableCell>{e.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {changes.length > 0 && (
        <Table size="small" aria-label="Changes" data-testid="import-changes">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '5em' }}>Row</TableHeaderCell>
              <TableHeaderCell>User</TableHeaderCell>
              <TableHeaderCell>Change</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {changes.slice(0, 200).map((c, i) => (
              <TableRow key={i}>
                <TableCell>{c.row || '-'}</TableCell>
                <TableCell>{c.who}</TableCell>
                <TableCell>{c.what}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {changes.length > 200 && <Text>… and {changes.length - 200} more.</Text>}
    </div>
  );
}
