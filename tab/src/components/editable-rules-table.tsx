/** The frame both rule tables share: a hint, a header row, one row per rule with a Remove button, and Add row. */
import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { ReactNode } from 'react';

export function EditableRulesTable<R>(props: {
  testId: string;
  hint: string;
  label: string;
  headers: string[];
  rows: R[];
  /** How a row is named in its Remove button's label, e.g. "row 2". */
  rowName(i: number): string;
  newRow(): R;
  onChange(rows: R[]): void;
  /** The row's own cells; `set` changes this row. */
  cells(row: R, i: number, set: (patch: Partial<R>) => void): ReactNode;
}) {
  const set = (i: number, patch: Partial<R>) => props.onChange(props.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const remove = (i: number) => props.onChange(props.rows.filter((_, j) => j !== i));
  return (
    <div data-testid={props.testId}>
      <Text size={200}>{props.hint}</Text>
      <Table size="small" aria-label={props.label}>
        <TableHeader>
          <TableRow>
            {props.headers.map((h) => (
              <TableHeaderCell key={h}>{h}</TableHeaderCell>
            ))}
            <TableHeaderCell style={{ width: '6em' }} />
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.rows.map((r, i) => (
            <TableRow key={i} data-row={i}>
              {props.cells(r, i, (patch) => set(i, patch))}
              <TableCell>
                <Button size="small" appearance="subtle" onClick={() => remove(i)} aria-label={`Remove ${props.rowName(i)}`}>
                  Remove
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Button size="small" onClick={() => props.onChange([...props.rows, props.newRow()])}>
        Add row
      </Button>
    </div>
  );
}
