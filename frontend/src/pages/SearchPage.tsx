import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { search } from '../api/endpoints';
import type { SearchHit, SearchResponse, SearchType } from '../api/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { HitCard } from '../components/HitCard';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** Results per page. */
export const PAGE_SIZE = 10;

/** How long typing must pause before the search runs. */
export const DEBOUNCE_MS = 300;

/** URL parameters that are not facet filters. */
const RESERVED = new Set(['q', 'type']);

function toSearchType(value: string | null): SearchType | undefined {
  return value === 'course' || value === 'programme' ? value : undefined;
}

/** The facet filters in the page URL: every parameter except q and type, repeated for several values. */
function filtersFrom(params: URLSearchParams): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const [name, value] of params) {
    if (!RESERVED.has(name)) {
      (filters[name] ??= []).push(value);
    }
  }
  return filters;
}

function withQuery(params: URLSearchParams, q: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (q) {
    next.set('q', q);
  } else {
    next.delete('q');
  }
  return next;
}

/** Search the catalogue as you type, with type and facet filters; the URL holds the query. */
export default function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const type = toSearchType(params.get('type'));
  const filters = filtersFrom(params);
  const key = params.toString();
  usePageTitle(q ? t('search.titleWithQuery', { query: q }) : t('search.title'));

  const [input, setInput] = useState(q);
  const [syncedQ, setSyncedQ] = useState(q);
  if (q !== syncedQ) {
    // The URL changed under us (back button, a link): show its query.
    setSyncedQ(q);
    if (q !== input.trim()) {
      setInput(q);
    }
  }

  useEffect(() => {
    const value = input.trim();
    if (value === q) {
      return;
    }
    const timer = setTimeout(() => setParams((prev) => withQuery(prev, value), { replace: true }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [input, q, setParams]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams((prev) => withQuery(prev, input.trim()), { replace: true });
  };

  const setType = (value: SearchType | undefined) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) {
        next.set('type', value);
      } else {
        next.delete('type');
      }
      return next;
    });
  };

  const toggleFilter = (name: string, value: string, on: boolean) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      const values = next.getAll(name).filter((v) => v !== value);
      next.delete(name);
      for (const v of on ? [...values, value] : values) {
        next.append(name, v);
      }
      return next;
    });
  };

  const state = useAsync((signal) => search({ q, type, filters, limit: PAGE_SIZE }, signal), key);
  const response = state.status === 'success' ? state.data : state.status === 'loading' ? state.previous : undefined;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilterCount = Object.values(filters).reduce((n, values) => n + values.length, 0) + (type ? 1 : 0);

  return (
    <div className="container page">
      <h1>{t('search.title')}</h1>
      <form role="search" className="search-box" onSubmit={submit}>
        <label htmlFor="search-query">{t('search.queryLabel')}</label>
        <div className="search-box-row">
          <input
            id="search-query"
            type="search"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder={t('home.searchPlaceholder')}
            autoComplete="off"
          />
          <button type="submit" className="button button-primary">
            {t('home.searchButton')}
          </button>
        </div>
      </form>

      <div className="search-layout">
        <div className="search-filters">
          <button
            type="button"
            className="filters-toggle button button-quiet"
            aria-expanded={filtersOpen}
            aria-controls="search-filter-panel"
            onClick={() => setFiltersOpen((o) => !o)}
          >
            {activeFilterCount ? t('search.filtersToggleActive', { count: activeFilterCount }) : t('search.filtersToggle')}
          </button>
          <div id="search-filter-panel" className={filtersOpen ? 'filter-panel open' : 'filter-panel'}>
            <h2 className="visually-hidden">{t('search.filtersTitle')}</h2>
            <TypeFilter value={type} onChange={setType} />
            {response && <FacetFilters facets={response.facets} selected={filters} onToggle={toggleFilter} />}
          </div>
        </div>

        <section className="search-results" aria-labelledby="results-title" aria-busy={state.status === 'loading'}>
          <h2 id="results-title" className="visually-hidden">
            {t('search.resultsTitle')}
          </h2>
          <p className="result-count" role="status">
            {response && t('search.resultCount', { count: response.total })}
          </p>
          {state.status === 'error' && <ErrorNotice error={state.error} />}
          {state.status === 'loading' && !response && <Loading />}
          {response && (
            // A new first page starts a new list, so pages loaded with "Show more" never mix queries.
            <Results key={state.status === 'success' ? key : 'previous'} first={response} query={{ q, type, filters }} stale={state.status !== 'success'} />
          )}
        </section>
      </div>
    </div>
  );
}

function TypeFilter({ value, onChange }: { value: SearchType | undefined; onChange(value: SearchType | undefined): void }) {
  const { t } = useTranslation();
  const name = useId();
  const options: { value: SearchType | undefined; label: string }[] = [
    { value: undefined, label: t('search.typeAll') },
    { value: 'course', label: t('search.typeCourses') },
    { value: 'programme', label: t('search.typeProgrammes') },
  ];
  return (
    <fieldset className="filter-group">
      <legend>{t('search.typeLegend')}</legend>
      {options.map((option) => (
        <label key={option.value ?? 'all'} className="choice">
          <input type="radio" name={name} checked={value === option.value} onChange={() => onChange(option.value)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

function FacetFilters({
  facets,
  selected,
  onToggle,
}: {
  facets: SearchResponse['facets'];
  selected: Record<string, string[]>;
  onToggle(name: string, value: string, on: boolean): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = Object.keys(facets).filter((name) => !RESERVED.has(name));
  return (
    <>
      {names.map((name) => {
        const counts = { ...facets[name] };
        for (const value of selected[name] ?? []) {
          counts[value] ??= 0;
        }
        const values = Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
        if (values.length === 0) {
          return null;
        }
        return (
          <fieldset key={name} className="filter-group">
            <legend>{t(`search.facets.${name}`, { defaultValue: name.replace(/_/g, ' ') })}</legend>
            {values.map(([value, count]) => (
              <label key={value} className="choice">
                <input
                  type="checkbox"
                  checked={selected[name]?.includes(value) ?? false}
                  onChange={(e) => onToggle(name, value, e.target.checked)}
                />
                <span>{name === 'language' ? format.languageName(value) : value}</span>
                <span className="choice-count">({format.number(count)})</span>
              </label>
            ))}
          </fieldset>
        );
      })}
    </>
  );
}

interface Query {
  q: string;
  type: SearchType | undefined;
  filters: Record<string, string[]>;
}

/** The result list; "Show more" follows next_cursor and moves focus to the first new result. */
function Results({ first, query, stale }: { first: SearchResponse; query: Query; stale: boolean }) {
  const { t } = useTranslation();
  const [extra, setExtra] = useState<SearchHit[]>([]);
  const [cursor, setCursor] = useState(first.next_cursor);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const hits = [...first.hits, ...extra];

  useEffect(() => {
    if (focusIndex !== null) {
      listRef.current?.children[focusIndex]?.querySelector('a')?.focus();
    }
  }, [focusIndex]);

  if (first.hits.length === 0) {
    return <p className="empty-state">{query.q ? t('search.noResultsFor', { query: query.q }) : t('search.noResults')}</p>;
  }

  const showMore = async () => {
    setBusy(true);
    setError(null);
    try {
      const page = await search({ ...query, limit: PAGE_SIZE, cursor });
      setFocusIndex(hits.length);
      setExtra((prev) => [...prev, ...page.hits]);
      setCursor(page.next_cursor);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ol className="result-list" ref={listRef}>
        {hits.map((hit) => (
          <li key={`${hit.type}:${hit.id}`}>
            <HitCard hit={hit} />
          </li>
        ))}
      </ol>
      {error !== null && <ErrorNotice error={error} />}
      {cursor && !stale && (
        <button type="button" className="button button-quiet show-more" onClick={() => void showMore()} disabled={busy}>
          {busy ? t('common.loading') : t('search.showMore')}
        </button>
      )}
    </>
  );
}
