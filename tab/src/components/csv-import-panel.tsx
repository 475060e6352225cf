/**
 * Mapping overrides from a spreadsheet: choose or paste a CSV, preview what it changes and which rows are
 * wrong, then apply. The service applies all rows or none; Apply stays off while any row is wrong.
 */
import { Button, Field, MessageBar, MessageBarBody, Textarea } from '@fluentui/react-components';
import { useState, type ChangeEvent } from 'react';
import type { OverrideImportPlan } from '../api/types';
import { useApi } from '../hooks/api-context';
import { ErrorMessage } from './error-message';
import { ImportPlanView } from './import-plan-view';

export function CsvImportPanel({ onApplied }: { onApplied(): void }) {
  const api = useApi();
  const [csv, setCsv] = useState('');
  const [plan, setPlan] = useState<OverrideImportPlan>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [applied, setApplied] = useState<string>();

  const edit = (text: string) => {
    setCsv(text);
    setPlan(undefined);
    setApplied(undefined);
  };
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) edit(await file.text());
    e.target.value = '';
  };
  const run = async (apply: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = apply ? await api.applyImport(csv) : await api.previewImport(csv);
      setPlan(result);
      if (apply) {
        const p = result.preview;
        setApplied(`Imported: ${p.add.length} added, ${p.change.length} changed, ${p.remove.length} removed.`);
        onApplied();
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const canApply = plan !== undefined && plan.errors.length === 0 && !applied;

  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="csv-import">
      <Field
        label="Overrides CSV"
        hint="Columns: userPrincipalName (or userId), extension. An empty extension keeps that user out of sync. The file is the whole list: overrides missing from it are removed."
      >
        <Textarea
          value={csv}
          onChange={(_, d) => edit(d.value)}
          rows={5}
          resize="vertical"
          spellCheck={false}
          placeholder={'userPrincipalName,extension\nalice@contoso.com,1001'}
        />
      </Field>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <input type="file" accept=".csv,text/csv" onChange={onFile} aria-label="Choose a CSV file" />
        <Button onClick={() => run(false)} disabled={busy || !csv.trim()}>
          Preview
        </Button>
        <Button appearance="primary" onClick={() => run(true)} disabled={busy || !canApply}>
          Apply import
        </Button>
      </div>
      {plan && plan.errors.length > 0 && (
        <MessageBar intent="error" data-testid="import-blocked">
          <MessageBarBody>
            {plan.errors.length} row{plan.errors.length === 1 ? ' is' : 's are'} wrong. Nothing has been applied: fix the rows below and
            preview again.
          </MessageBarBody>
        </MessageBar>
      )}
      {applied && (
        <MessageBar intent="success" data-testid="import-applied">
          <MessageBarBody>{applied}</MessageBarBody>
        </MessageBar>
      )}
      <ErrorMessage error={error} title="Nothing was imported" />
      {plan && <ImportPlanView plan={plan} />}
    </div>
  );
}
