import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload(): void;
  set(data: T): void;
}

/** Loads once per key and on reload(); an answer that arrives after a newer request started is dropped. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, key: string = ''): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false }),
      (error) => !controller.signal.aborted && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((data: T) => setState({ data, loading: false }), []);
  return { ...state, reload, set };
}
