import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobView } from '../api/types';
import { useApi } from './api-context';

const POLL_MS = 500;

/** Follows a background job (directory refresh) until it is done; start() takes the job id the API gave. */
export function useJobProgress(onDone?: (job: JobView) => void): {
  job?: JobView;
  error?: unknown;
  running: boolean;
  follow(jobId: string): void;
} {
  const api = useApi();
  const [jobId, setJobId] = useState<string>();
  const [job, setJob] = useState<JobView>();
  const [error, setError] = useState<unknown>();
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const j = await api.job(jobId);
        if (stopped) return;
        setJob(j);
        if (j.done) {
          setJobId(undefined);
          onDoneRef.current?.(j);
          return;
        }
      } catch (err) {
        if (stopped) return;
        setError(err);
        setJobId(undefined);
        return;
      }
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, jobId]);

  const follow = useCallback((id: string) => {
    setError(undefined);
    setJob({ phase: 'queued', done: false });
    setJobId(id);
  }, []);

  return { job, error, running: jobId !== undefined, follow };
}
