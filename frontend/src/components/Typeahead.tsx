import { useEffect, useRef, useState } from 'react';

/** How long typing must pause before a search is sent. */
const SEARCH_DELAY_MS = 250;

/**
 * Searches as the person types: once typing pauses, from two characters on, each
 * new search aborting the one before; key (e.g. the interface language) searches again.
 * answered tells whether items answer the query as typed now.
 */
export function useTypeahead<T>(find: (query: string, signal: AbortSignal) => Promise<T[]>, key = '') {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; items: T[] } | null>(null);
  const [failed, setFailed] = useState(false);
  const finder = useRef(find);
  useEffect(() => {
    finder.current = find;
  });

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      finder.current(q, controller.signal).then(
        (items) => {
          setFailed(false);
          setFound({ query: q, items });
        },
        (err: unknown) => {
          if (!controller.signal.aborted && !(err instanceof DOMException && err.name === 'AbortError')) {
            setFailed(true);
          }
        },
      );
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, key]);

  const q = query.trim();
  return {
    query,
    setQuery,
    items: q.length >= 2 && found ? found.items : [],
    answered: q.length >= 2 && found?.query === q,
    failed,
  };
}

/** The search field of a picker and the live line saying what it found (or that it failed). */
export function TypeaheadField({
  id,
  label,
  hint,
  query,
  onQuery,
  status,
}: {
  id: string;
  label: string;
  hint: string;
  query: string;
  onQuery(query: string): void;
  status: string;
}) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-search`}>{label}</label>
        <p id={`${id}-search-hint`} className="field-hint">
          {hint}
        </p>
        <input
          id={`${id}-search`}
          type="search"
          value={query}
          autoComplete="off"
          aria-describedby={`${id}-search-hint`}
          onChange={(e) => onQuery(e.target.value)}
        />
      </div>
      <p className="field-hint" role="status">
        {status}
      </p>
    </>
  );
}
