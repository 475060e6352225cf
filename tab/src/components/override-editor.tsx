/** Per-user override: link to an extension, keep out of sync, or go back to automatic matching. */
import { Button, Field, Input, MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { UserRow } from '../api/types';
import { useApi } from '../hooks/api-context';
import { ErrorMessage } from './error-message';
import { UserStatusBadge } from './user-status-badge';

export function OverrideEditor({ user, onChanged }: { user: UserRow; onChanged(): void }) {
  const api = useApi();
  const [extension, setExtension] = useState(user.extension ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  useEffect(() => {
    setExtension(user.extension ?? '');
    setError(undefined);
    setDone(undefined);
  }, [user.userId, user.extension]);

  const run = async (action: () => Promise<void>, message: string) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await action();
      setDone(message);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const name = user.displayName ?? user.userPrincipalName ?? user.userId;

  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="override-editor">
      <Text>
        <strong>{name}</strong> {user.userPrincipalName && `(${user.userPrincipalName})`} <UserStatusBadge status={user.status} />
        {user.matchedBy && ` matched by ${user.matchedBy}`}
      </Text>
      <div style={{ display: 'flex', gap: 8, alignItems: 'end', flexWrap: 'wrap' }}>
        <Field label="Extension">
          <Input value={extension} onChange={(_, d) => setExtension(d.value)} style={{ width: '10em' }} />
        </Field>
        <Button
          appearance="primary"
          disabled={busy || !extension.trim()}
          onClick={() => run(() => api.setOverride(user.userId, extension.trim()), `${name} is linked to extension ${extension.trim()}.`)}
        >
          Link to extension
        </Button>
        <Button disabled={busy} onClick={() => run(() => api.setOverride(user.userId, null), `${name} is kept out of sync.`)}>
          Exclude from sync
        </Button>
        <Button
          disabled={busy || (user.status !== 'overridden' && user.status !== 'excluded')}
          onClick={() => run(() => api.clearOverride(user.userId), `${name} is matched automatically again.`)}
        >
          Clear override
        </Button>
      </div>
      {done && (
        <MessageBar intent="success">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      <ErrorMessage error={error} title="The override was not changed" />
    </div>
  );
}
