/** Trace: why is this user's PBX or Teams state what it is? Every decision in both directions, explained. */
import { Button, Spinner, Text } from '@fluentui/react-components';
import { ErrorMessage } from '../components/error-message';
import { Section } from '../components/section';
import { TraceTable } from '../components/trace-table';
import { UserPicker } from '../components/user-picker';
import { UserStatusBadge } from '../components/user-status-badge';
import { presenceText } from '../format/format';
import { useApi } from '../hooks/api-context';
import { useResource } from '../hooks/use-resource';

/** `mine`: a plain user's own trace ("why is my phone on DND?"), without the picker: they may see no one else's. */
export function TraceView({ userId, onPick, mine = false }: { userId?: string; onPick(userId: string): void; mine?: boolean }) {
  const api = useApi();
  const trace = useResource(async () => (userId ? api.trace(userId, 100) : undefined), userId ?? '');
  const user = trace.data?.user;
  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="trace-view">
      {!mine && (
        <Section title="Pick a user">
          <UserPicker onPick={(u) => onPick(u.userId)} />
        </Section>
      )}
      {userId && (
        <Section
          title={
            mine
              ? 'My trace: why my Teams and phone status are what they are'
              : user
                ? `Decisions for ${user.displayName ?? user.userPrincipalName ?? user.userId}`
                : 'Decisions'
          }
          actions={
            <Button onClick={trace.reload} disabled={trace.loading}>
              Refresh
            </Button>
          }
        >
          {user && (
            <Text data-testid="trace-user">
              {user.userPrincipalName} {user.extension ? `extension ${user.extension}` : 'no extension'}{' '}
              <UserStatusBadge status={user.status} /> Teams {presenceText(user.teams)}, line {user.line ?? '-'}, PBX routing{' '}
              {user.routing ?? '-'}
              {user.paused && `, paused by ${user.paused.by}`}
            </Text>
          )}
          {trace.loading && !trace.data && <Spinner label="Loading decisions" />}
          <ErrorMessage error={trace.error} title="Could not load the trace" />
          {trace.data && <TraceTable entries={trace.data.trace} />}
        </Section>
      )}
    </div>
  );
}
