import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { AdminError } from '../api/types';
import { timeText } from '../format/format';

export function RecentErrors({ errors }: { errors: AdminError[] }) {
  if (errors.length === 0) return <Text>No errors in the last day.</Text>;
  return (
    <Table size="small" aria-label="Recent errors" data-testid="recent-errors">
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: '11em' }}>When</TableHeaderCell>
          <TableHeaderCell style={{ width: '7em' }}>Part</TableHeaderCell>
          <TableHeaderCell style={{ width: '13em' }}>Code</TableHeaderCell>
          <TableHeaderCell>What happened</TableHeaderCell>
          <TableHeaderCell>How to fix it</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {errors.map((e, i) => (
          <TableRow key={`${e.at}-${i}`}>
            <TableCell>{timeText(e.at)}</TableCell>
            <TableCell>{e.part}</TableCell>
            <TableCell>
              <code>{e.code ?? '-'}</code>
            </TableCell>
            <TableCell>{e.message}</TableCell>
            <TableCell>{e.fix ?? '-'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
