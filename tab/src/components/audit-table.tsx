/** The audit log, newest first: when, who, what, on what, and each field's value before and after. */
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { AuditEntry } from '../api/types';
import { ACTION_TEXT, fieldChanges } from '../format/audit-text';
import { timeText } from '../format/format';

function ChangeList({ entry }: { entry: AuditEntry }) {
  const changes = fieldChanges(entry.before, entry.after);
  if (changes.length === 0) return <>-</>;
  return (
    <ul style={{ margin: 0, paddingLeft: '1.2em', overflowWrap: 'anywhere' }}>
      {changes.map((c) => (
        <li key={c.path} data-field={c.path}>
          {c.path}: {c.before} {'->'} {c.after}
        </li>
      ))}
    </ul>
  );
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <Text>No changes recorded yet.</Text>;
  return (
    <Table size="small" aria-label="Audit log" data-testid="audit-table">
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: '11em' }}>When</TableHeaderCell>
          <TableHeaderCell style={{ width: '14em' }}>Who</TableHeaderCell>
          <TableHeaderCell style={{ width: '12em' }}>What</TableHeaderCell>
          <TableHeaderCell style={{ width: '12em' }}>On</TableHeaderCell>
          <TableHeaderCell>Before -&gt; after</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((e) => (
          <TableRow key={e.id} data-action={e.action}>
            <TableCell>{timeText(e.at)}</TableCell>
            <TableCell>{e.by}</TableCell>
            <TableCell>{ACTION_TEXT[e.action] ?? e.action}</TableCell>
            <TableCell>{e.target ?? '-'}</TableCell>
            <TableCell>
              <ChangeList entry={e} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
