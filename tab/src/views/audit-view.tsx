/** Audit: every admin change (tab and bot) with who, when, before and after; pages back, and exports as CSV. */
import { Button, Spinner, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { AuditEntry } from '../api/types';
import { AuditTable } from '../components/audit-table';
import { ErrorMessage } from '../components/error-message';
import { ExportButton } from '../components/export-button';
import { Section } from '../components/section';
import { useApi } from '../hooks/api-context';
import { useResource } from '../hooks/use-resource';

const PAGE = 100;

export function AuditView() {
  const api = useApi();
  const first = useResource(() => api.audit({ limit: PAGE }));
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState<{ loading: boolean; done: boolean; error?: unknown }>({ loading: false, done: false });
  const entries = [...(first.data?.entries ?? []), ...older];

  const reload = () => {
    setOlder([]);
    setMore({ loading: false, done: false });
    first.reload();
  };
  const loadMore = async () => {
    const last = entries[entries.length - 1];
    if (!last) return;
    setMore({ loading: true, done: false });
    try {
      const page = await api.audit({ limit: PAGE, beforeId: last.id });
      setOlder((o) => [...o, ...page.entries]);
      setMore({ loading: false, done: page.entries.length < PAGE });
    } catch (error) {
      setMore({ loading: false, done: false, error });
    }
  };

  return (
    <Section
      title="Audit log"
      testId="audit-view"
      actions={
        <div style={{ display: 'flex', gap: 8 }}>
          <ExportButton what="audit" />
          <Button onClick={reload} disabled={first.loading}>
            Refresh
          </Button>
        </div>
      }
    >
      {first.data && <Text>Every change by an admin, in the tab or through the bot. Kept {first.data.retentionDays} days.</Text>}
      {first.loading && !first.data && <Spinner label="Loading the audit log" />}
      <ErrorMessage error={first.error} title="Could not load the audit log" />
      {first.data && <AuditTable entries={entries} />}
      <ErrorMessage error={more.error} title="Could not load older changes" />
      {first.data && first.data.entries.length === PAGE && !more.done && (
        <Button onClick={loadMore} disabled={more.loading}>
          Older changes
        </Button>
      )}
    </Section>
  );
}
