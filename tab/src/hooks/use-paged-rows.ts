/**
 * The users list, fetched a page at a time as the table scrolls. A new query starts over; pages of an older
 * query that arrive late are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UsersQuery } from '../api/admin-api';
import type { UserRow } from '../api/types';
import { useApi } from './api-context';

export const PAGE_SIZE = 200;

export interface PagedRows {
  total?: number;
  row(index: number): UserRow | undefined;
  /** Make sure rows [start, end) are loaded or loading. */
  ensure(start: number, end: number): void;
  error?: unknown;
  reload(): void;
}

export function usePagedRows(query: Omit<UsersQuery, 'offset' | 'limit'>): PagedRows {
  const api = useApi();
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<unknown>();
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, UserRow[] | 'loading'>());
  const generation = useRef(0);
  const key = JSON.stringify(query);

  const fetchPage = useCallback(
    (page: number) => {
      const gen = generation.current;
      pages.current.set(page, 'loading');
      api.users({ ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (answer) => {
          if (gen !== generation.current) return;
          pages.current.set(page, answer.rows);
          setTotal(answer.total);
          setError(undefined);
          setVersion((v) => v + 1);
        },
        (err) => {
          if (gen !== generation.current) return;
          pages.current.delete(page);
          setError(err);
        },
      );
    },
    [api, key],
  );

  const restart = useCallback(() => {
    generation.current += 1;
    pages.current = new Map();
    setTotal(undefined);
    fetchPage(0);
  }, [fetchPage]);

  useEffect(restart, [restart]);

  const ensure = useCallback(
    (start: number, end: number) => {
      for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(Math.max(start, end - 1) / PAGE_SIZE); p++) {
        if (!pages.current.has(p)) fetchPage(p);
      }
    },
    [fetchPage],
  );

  const row = (index: number) => {
    const page = pages.current.get(Math.floor(index / PAGE_SIZE));
    return page && page !== 'loading' ? page[index % PAGE_SIZE] : undefined;
  };

  return { total, row, ensure, error, reload: restart };
}
