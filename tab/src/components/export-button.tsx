import { Button } from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminApi } from '../api/admin-api';
import { useApi } from '../hooks/api-context';
import { ErrorMessage } from './error-message';

const EXPORTS = {
  /** The overrides, in the format the import reads. */
  mapping: { filename: 'presence-bridge-mapping.csv', load: (api: AdminApi) => api.exportMapping() },
  /** The whole audit log (within retention). */
  audit: { filename: 'presence-bridge-audit.csv', load: (api: AdminApi) => api.exportAudit() },
};

/** Downloads a CSV file: the overrides (default) or the audit log. */
export function ExportButton({ what = 'mapping' }: { what?: keyof typeof EXPORTS }) {
  const api = useApi();
  const [error, setError] = useState<unknown>();
  const download = async () => {
    setError(undefined);
    try {
      const csv = await EXPORTS[what].load(api);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: EXPORTS[what].filename });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <Button onClick={download} data-testid={`export-${what}`}>
        Export CSV
      </Button>
      <ErrorMessage error={error} title="The export failed" />
    </>
  );
}
