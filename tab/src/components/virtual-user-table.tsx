/**
 * The mapping table for tens of thousands of users: rows are fetched a page at a time and only the rows in
 * view are in the DOM (fixed row height, one spacer).
 */
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import type { UserRow } from '../api/types';
import { presenceText } from '../format/format';
import type { PagedRows } from '../hooks/use-paged-rows';
import { useWindowedRows } from '../hooks/use-windowed-rows';
import { UserStatusBadge } from './user-status-badge';

const ROW_HEIGHT = 36;
const VIEWPORT = 432;
const COLUMNS = 'minmax(10em, 1.4fr) minmax(12em, 1.6fr) 6em 7em 6em 1fr 5em 6em 4.5em';

const useStyles = makeStyles({
  viewport: {
    height: `${VIEWPORT}px`,
    overflowY: 'auto',
    position: 'relative',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  row: {
    display: 'grid',
    gridTemplateColumns: COLUMNS,
    alignItems: 'center',
    gap: '8px',
    height: `${ROW_HEIGHT}px`,
    padding: '0 8px',
    boxSizing: 'border-box',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  },
  header: { fontWeight: tokens.fontWeightSemibold, backgroundColor: tokens.colorNeutralBackground3, cursor: 'default' },
  selected: { backgroundColor: tokens.colorBrandBackground2 },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis' },
});

export function VirtualUserTable(props: {
  rows: PagedRows;
  selected?: string;
  onSelect(row: UserRow): void;
  onTrace(userId: string): void;
}) {
  const s = useStyles();
  const total = props.rows.total ?? 0;
  const win = useWindowedRows(total, ROW_HEIGHT, VIEWPORT);
  const viewport = useRef<HTMLDivElement>(null);
  const { ensure } = props.rows;
  useEffect(() => ensure(win.start, win.end), [ensure, win.start, win.end]);
  useEffect(() => {
    // A new query: back to the top.
    viewport.current?.scrollTo?.({ top: 0 });
  }, [props.rows.reload]);

  const indexes: number[] = [];
  for (let i = win.start; i < win.end; i++) indexes.push(i);

  return (
    <div role="grid" aria-rowcount={total + 1} aria-label="Users and their extensions" data-testid="user-table">
      <div role="row" className={`${s.row} ${s.header}`}>
        {['Name', 'Teams user', 'Extension', 'Status', 'Matched by', 'Teams presence', 'Line', 'PBX routing', ''].map((h, i) => (
          <span role="columnheader" key={i} className={s.cell}>
            {h}
          </span>
        ))}
      </div>
      <div ref={viewport} className={s.viewport} onScroll={win.onScroll}>
        <div style={{ height: win.totalHeight, position: 'relative' }}>
          <div style={{ position: 'absolute', top: win.offsetTop, left: 0, right: 0 }}>
            {indexes.map((i) => {
              const row = props.rows.row(i);
              if (!row)
                return (
                  <div key={i} role="row" className={s.row} aria-rowindex={i + 2}>
                    <Text>Loading…</Text>
                  </div>
                );
              return (
                <div
                  key={row.userId}
                  role="row"
                  aria-rowindex={i + 2}
                  aria-selected={row.userId === props.selected}
                  data-user={row.userPrincipalName ?? row.userId}
                  className={`${s.row} ${row.userId === props.selected ? s.selected : ''}`}
                  onClick={() => props.onSelect(row)}
                >
                  <span role="gridcell" className={s.cell} title={row.displayName}>
                    {row.displayName ?? '-'}
                  </span>
                  <span role="gridcell" className={s.cell} title={row.userPrincipalName}>
                    {row.userPrincipalName ?? row.mail ?? row.userId}
                  </span>
                  <span role="gridcell" className={s.cell}>
                    {row.extension ?? '-'}
                  </span>
                  <span role="gridcell">
                    <UserStatusBadge status={row.status} />
                  </span>
                  <span role="gridcell" className={s.cell}>
                    {row.matchedBy ?? '-'}
                  </span>
                  <span role="gridcell" className={s.cell}>
                    {presenceText(row.teams)}
                  </span>
                  <span role="gridcell" className={s.cell}>
                    {row.line ?? '-'}
                  </span>
                  <span role="gridcell" className={s.cell}>
                    {row.paused ? 'paused' : (row.routing ?? '-')}
                  </span>
                  <span role="gridcell">
                    <Button
                      size="small"
                      appearance="subtle"
                      onClick={(e) => {
                        e.stopPropagation();
                        props.onTrace(row.userId);
                      }}
                    >
                      Trace
                    </Button>
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
