/** "Refresh directory now" with a progress bar fed by the job endpoint. */
import { Button, Field, MessageBar, MessageBarBody, ProgressBar } from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError } from '../api/api-error';
import type { JobView } from '../api/types';
import { useApi } from '../hooks/api-context';
import { useJobProgress } from '../hooks/use-job-progress';
import { ErrorMessage } from './error-message';

const PHASES = ['queued', 'fetching-directory', 'listing-pbx-users', 'matching', 'saving', 'done'];
const PHASE_TEXT: Record<string, string> = {
  queued: 'Waiting to start',
  'fetching-directory': 'Reading users from Entra ID',
  'listing-pbx-users': 'Reading extensions from the PBX',
  matching: 'Matching users to extensions',
  saving: 'Saving the mapping',
  done: 'Done',
};

interface RefreshOutcome {
  outcome?: string;
  mapped?: number;
  alert?: { message?: string };
}

function resultText(job: JobView): { ok: boolean; text: string; dropRefused: boolean } {
  if (job.error) return { ok: false, text: job.error.message, dropRefused: false };
  const r = (job.result ?? {}) as RefreshOutcome;
  if (r.outcome === 'kept-last-good')
    return { ok: false, text: r.alert?.message ?? 'The refresh was refused; the last good mapping is kept.', dropRefused: true };
  return { ok: true, text: `Directory refreshed: ${r.mapped ?? 0} users mapped (${r.outcome ?? 'done'}).`, dropRefused: false };
}

export function DirectoryRefreshButton({ onDone }: { onDone(): void }) {
  const api = useApi();
  const [startError, setStartError] = useState<unknown>();
  const { job, error, running, follow } = useJobProgress(() => onDone());
  const start = async (acceptDrop: boolean) => {
    setStartError(undefined);
    try {
      follow((await api.refreshDirectory(acceptDrop)).jobId);
    } catch (err) {
      // A refresh already runs for the tenant: follow that one.
      if (err instanceof ApiError && err.jobId) follow(err.jobId);
      else setStartError(err);
    }
  };
  const step = job ? Math.max(0, PHASES.indexOf(job.phase)) : 0;
  const result = job?.done ? resultText(job) : undefined;

  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="directory-refresh">
      <div>
        <Button onClick={() => start(false)} disabled={running}>
          Refresh directory now
        </Button>
      </div>
      {job && !job.done && (
        <Field validationMessage={PHASE_TEXT[job.phase] ?? job.phase} validationState="none">
          <ProgressBar value={step / (PHASES.length - 1)} aria-label="Directory refresh progress" />
        </Field>
      )}
      {result && (
        <MessageBar intent={result.ok ? 'success' : 'warning'} layout="multiline" data-testid="refresh-result">
          <MessageBarBody>
            {result.text}{' '}
            {result.dropRefused && (
              <Button size="small" onClick={() => start(true)}>
                Accept the change and refresh
              </Button>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      <ErrorMessage error={startError ?? error} title="The directory refresh did not run" />
    </div>
  );
}
