import { Button } from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../hooks/api-context';
import { ErrorMessage } from './error-message';

/** Downloads the overrides as CSV (the same format the import reads). */
export function ExportButton() {
  const api = useApi();
  const [error, setError] = useState<unknown>();
  const download = async () => {
    setError(undefined);
    try {
      const csv = await api.exportMapping();
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: 'presence-bridge-mapping.csv' });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <Button onClick={download}>Export CSV</Button>
      <ErrorMessage error={error} title="The export failed" />
    </>
  );
}
