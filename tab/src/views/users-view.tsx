/** Users: who is synced with which extension, overrides, CSV import/export, and a directory refresh. */
import { Text } from '@fluentui/react-components';
import { useCallback, useMemo, useState } from 'react';
import type { UserRow, UserStatus } from '../api/types';
import { CsvImportPanel } from '../components/csv-import-panel';
import { DirectoryRefreshButton } from '../components/directory-refresh-button';
import { ErrorMessage } from '../components/error-message';
import { ExportButton } from '../components/export-button';
import { OverrideEditor } from '../components/override-editor';
import { Section } from '../components/section';
import { UserFilters } from '../components/user-filters';
import { VirtualUserTable } from '../components/virtual-user-table';
import { countText } from '../format/format';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { usePagedRows } from '../hooks/use-paged-rows';

export function UsersView({ onTrace }: { onTrace(userId: string): void }) {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<UserStatus | ''>('');
  const [selected, setSelected] = useState<UserRow>();
  const debouncedSearch = useDebouncedValue(search.trim(), 250);
  const query = useMemo(() => ({ search: debouncedSearch || undefined, status: status || undefined }), [debouncedSearch, status]);
  const rows = usePagedRows(query);
  const { reload } = rows;
  const refresh = useCallback(() => {
    reload();
    setSelected(undefined);
  }, [reload]);

  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="users-view">
      <Section title="Users and extensions" actions={<ExportButton />}>
        <UserFilters search={search} status={status} onSearch={setSearch} onStatus={setStatus} />
        <Text data-testid="user-total">{rows.total === undefined ? 'Loading…' : `${countText(rows.total)} users`}</Text>
        <ErrorMessage error={rows.error} title="Could not load the users" />
        <VirtualUserTable rows={rows} selected={selected?.userId} onSelect={setSelected} onTrace={onTrace} />
      </Section>
      {selected && (
        <Section title="Override">
          <OverrideEditor user={selected} onChanged={reload} />
        </Section>
      )}
      <Section title="Import overrides">
        <CsvImportPanel onApplied={refresh} />
      </Section>
      <Section title="Directory">
        <DirectoryRefreshButton onDone={refresh} />
      </Section>
    </div>
  );
}
