import { useEffect, useRef, useState } from 'react';

/** The state of a value being loaded; while reloading, the last value loaded is kept as previous. */
export type AsyncState<T> =
  | { status: 'loading'; previous?: T }
  | { status: 'success'; data: T }
  | { status: 'error'; error: unknown };

/**
 * Runs load whenever key changes and tracks its result. The previous request is
 * aborted, so a slow answer never overwrites a newer one.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, key: string): AsyncState<T> {
  const loadRef = useRef(load);
  const [result, setResult] = useState<{ key: string; state: AsyncState<T> } | null>(null);

  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) {
          setResult({ key, state: { status: 'success', data } });
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setResult({ key, state: { status: 'error', error } });
        }
      },
    );
    return () => controller.abort();
  }, [key]);

  if (result?.key === key) {
    return result.state;
  }
  return result?.state.status === 'success' ? { status: 'loading', previous: result.state.data } : { status: 'loading' };
}

/** What a list shows: the last answer, kept while the next one loads so the list does not flash. */
export function shown<T>(state: AsyncState<T>): T | undefined {
  if (state.status === 'success') {
    return state.data;
  }
  return state.status === 'loading' ? state.previous : undefined;
}
