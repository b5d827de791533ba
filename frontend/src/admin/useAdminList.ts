import { useEffect, useEffectEvent, useState } from 'react';
import type { Page } from '../api/types';

/** A paged list an administrator reads: the first page for key, more on demand, and items replaced or dropped after an action. */
export function useAdminList<T>(load: (cursor: string | undefined, signal?: AbortSignal) => Promise<Page<T>>, key: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  // A new key shows nothing of the previous list while its first page loads.
  const [shownKey, setShownKey] = useState(key);
  if (shownKey !== key) {
    setShownKey(key);
    setItems(null);
    setNextCursor(undefined);
    setError(null);
  }
  const onFirstPage = useEffectEvent((page: Page<T>) => {
    setItems(page.items);
    setNextCursor(page.next_cursor);
  });
  const firstPage = useEffectEvent((signal: AbortSignal) => load(undefined, signal));
  useEffect(() => {
    const controller = new AbortController();
    firstPage(controller.signal).then(onFirstPage, (err: unknown) => {
      if (!controller.signal.aborted) {
        setError(err);
      }
    });
    return () => controller.abort();
  }, [key]);
  const loadMore = () => {
    if (!nextCursor) {
      return;
    }
    load(nextCursor).then((page) => {
      setItems((prev) => [...(prev ?? []), ...page.items]);
      setNextCursor(page.next_cursor);
    }, setError);
  };
  return { items, setItems, nextCursor, error, loadMore };
}
