/** Find a user by name, e-mail or extension. */
import { Button, Field, Input, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { UserRow } from '../api/types';
import { useApi } from '../hooks/api-context';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { useResource } from '../hooks/use-resource';
import { ErrorMessage } from './error-message';

export function UserPicker({ onPick }: { onPick(user: UserRow): void }) {
  const api = useApi();
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim(), 250);
  const found = useResource(async (signal) => (term ? api.users({ search: term, limit: 10 }, signal) : undefined), term);
  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="user-picker">
      <Field label="User">
        <Input
          value={search}
          onChange={(_, d) => setSearch(d.value)}
          placeholder="name, e-mail or extension"
          type="search"
          style={{ width: '22em' }}
        />
      </Field>
      <ErrorMessage error={found.error} title="The search failed" />
      {found.data && found.data.rows.length === 0 && <Text>No user matches "{term}".</Text>}
      {found.data && found.data.rows.length > 0 && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
          {found.data.rows.map((u) => (
            <Button key={u.userId} size="small" onClick={() => onPick(u)} data-user={u.userPrincipalName}>
              {u.displayName ?? u.userPrincipalName ?? u.userId}
              {u.extension ? ` (${u.extension})` : ''}
            </Button>
          ))}
          {found.data.total > found.data.rows.length && (
            <Text>… {found.data.total - found.data.rows.length} more: type more of the name.</Text>
          )}
        </div>
      )}
    </div>
  );
}
