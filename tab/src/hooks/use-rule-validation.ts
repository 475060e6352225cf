/** Validates the draft policy as it is edited: debounced, and only the answer to the latest draft counts. */
import { useEffect, useState } from 'react';
import { ApiError } from '../api/api-error';
import type { SyncPolicy } from '../api/types';
import { placeProblem, type PlacedProblem } from '../format/rule-paths';
import { useApi } from './api-context';
import { useDebouncedValue } from './use-debounced-value';

export function useRuleValidation(
  draft: SyncPolicy | undefined,
  delayMs = 400,
): { problems: PlacedProblem[]; checking: boolean; error?: unknown } {
  const api = useApi();
  const debounced = useDebouncedValue(draft, delayMs);
  const [state, setState] = useState<{ problems: PlacedProblem[]; checking: boolean; error?: unknown }>({ problems: [], checking: false });

  useEffect(() => {
    if (!debounced) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, checking: true }));
    api.validateRules(debounced, controller.signal).then(
      (r) => setState({ problems: (r.errors ?? []).map((e) => placeProblem(e.path, e.message)), checking: false }),
      (error) => {
        if (controller.signal.aborted) return;
        // Some answers carry the problems as a 400 instead of { ok: false }.
        if (error instanceof ApiError && error.problems.length > 0)
          setState({ problems: error.problems.map((e) => placeProblem(e.path, e.message)), checking: false });
        else setState({ problems: [], checking: false, error });
      },
    );
    return () => controller.abort();
  }, [api, debounced]);

  return { ...state, checking: state.checking || debounced !== draft };
}
