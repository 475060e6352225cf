import { Badge, MessageBar, MessageBarBody, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { PermissionReport } from '../api/types';

/** Each Graph permission granted or missing, with the fix for a missing one. */
export function PermissionReportView({ report }: { report: PermissionReport }) {
  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="permission-report">
      <MessageBar intent={report.token.ok ? 'success' : 'error'}>
        <MessageBarBody>
          {report.token.ok ? 'The app got a token from Entra ID.' : `No token: ${report.token.code ? `${report.token.code} ` : ''}${report.token.message ?? ''}`}
          {report.token.fix && ` Fix: ${report.token.fix}`}
        </MessageBarBody>
      </MessageBar>
      {report.grants && !report.grants.ok && (
        <MessageBar intent="error">
          <MessageBarBody>
            {`The granted permissions could not be listed: ${report.grants.message ?? ''}`}
            {report.grants.fix && ` Fix: ${report.grants.fix}`}
          </MessageBarBody>
        </MessageBar>
      )}
      <Table size="small" aria-label="Graph permissions">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Permission</TableHeaderCell>
            <TableHeaderCell>Needed for</TableHeaderCell>
            <TableHeaderCell style={{ width: '7em' }}>State</TableHeaderCell>
            <TableHeaderCell>Fix</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {report.permissions.map((p) => (
            <TableRow key={p.name} data-permission={p.name}>
              <TableCell>
                <code>{p.name}</code>
              </TableCell>
              <TableCell>{p.purpose}</TableCell>
              <TableCell>
                <Badge color={p.granted ? 'success' : 'danger'}>{p.granted ? 'granted' : 'missing'}</Badge>
              </TableCell>
              <TableCell>{p.granted ? '' : (p.fix ?? '')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
