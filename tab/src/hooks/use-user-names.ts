/**
 * Display names for a handful of user ids (dry-run results carry ids only). At most `limit` look-ups, a few
 * at a time; names already seen are kept for the session.
 */
import { useEffect, useState } from 'react';
import { useApi } from './api-context';

const known = new Map<string, string>();
const PARALLEL = 4;

export function useUserNames(userIds: readonly string[], limit = 50): Map<string, string> {
  const api = useApi();
  const [, setVersion] = useState(0);
  const key = userIds.slice(0, limit).join(',');

  useEffect(() => {
    let stopped = false;
    const missing = key ? key.split(',').filter((id) => !known.has(id)) : [];
    const worker = async () => {
      for (let id = missing.shift(); id && !stopped; id = missing.shift()) {
        try {
          const row = (await api.users({ search: id, limit: 1 })).rows[0];
          if (row?.userId === id) known.set(id, row.displayName ?? row.userPrincipalName ?? id);
        } catch {
          return; // names are a nicety: the ids stay
        }
        if (!stopped) setVersion((v) => v + 1);
      }
    };
    void Promise.all(Array.from({ length: PARALLEL }, worker));
    return () => {
      stopped = true;
    };
  }, [api, key]);

  return known;
}
