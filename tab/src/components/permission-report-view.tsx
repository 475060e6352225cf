import {
  Badge,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { PermissionReport } from '../api/types';
import { permissionBadge, permissionNote } from '../format/permission-state';

/** Each Graph permission granted, missing (with the fix) or not verifiable (with why), and where the answer came from. */
export function PermissionReportView({ report }: { report: PermissionReport }) {
  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="permission-report">
      <MessageBar intent={report.token.ok ? 'success' : 'error'} layout="multiline">
        <MessageBarBody>
          {report.token.ok
            ? 'The app got a token from Entra ID.'
            : `No token: ${report.token.code ? `${report.token.code} ` : ''}${report.token.message ?? ''}`}
          {report.token.fix && ` Fix: ${report.token.fix}`}
        </MessageBarBody>
      </MessageBar>
      {report.grants && !report.grants.ok && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            {`The granted permissions could not be listed: ${report.grants.message ?? ''}`}
            {report.grants.fix && ` Fix: ${report.grants.fix}`}
          </MessageBarBody>
        </MessageBar>
      )}
      {report.grants?.note && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{report.grants.note}</MessageBarBody>
        </MessageBar>
      )}
      <Table size="small" aria-label="Graph permissions">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Permission</TableHeaderCell>
            <TableHeaderCell>Needed for</TableHeaderCell>
            <TableHeaderCell style={{ width: '10em' }}>State</TableHeaderCell>
            <TableHeaderCell>Fix or note</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {report.permissions.map((p) => {
            const badge = permissionBadge(p);
            return (
              <TableRow key={p.name} data-permission={p.name} data-state={p.state}>
                <TableCell>
                  <code>{p.name}</code>
                </TableCell>
                <TableCell>{p.purpose}</TableCell>
                <TableCell>
                  <Badge color={badge.color}>{badge.label}</Badge>
                </TableCell>
                <TableCell>{permissionNote(p)}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
