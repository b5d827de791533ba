import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import { MAX_SEARCH_LENGTH, search } from '../api/endpoints';
import type { SearchHit, SearchParams, SearchResponse, SearchType } from '../api/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { HitCard } from '../components/HitCard';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useInstitutionNames } from '../lib/institutions';
import { skillLabel, useSkills } from '../lib/skills';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** Results per page. */
export const PAGE_SIZE = 10;

/** How long typing must pause before the search runs. */
export const DEBOUNCE_MS = 300;

/** Range, sort and fee-group parameters: single values passed to the API as they are. */
const SCALARS = ['sort', 'fee_group', 'ects_min', 'ects_max', 'eqf_min', 'eqf_max', 'tuition_max'] as const;

type Scalar = (typeof SCALARS)[number];

/** The parameters the range form sets; applying it replaces all of them. */
const RANGE_PARAMS = ['ects_min', 'ects_max', 'eqf_min', 'eqf_max', 'tuition_max', 'fee_group'] as const;

/** URL parameters that are not facet filters. */
const RESERVED = new Set<string>(['q', 'type', 'cursor', 'limit', 'lang', ...SCALARS]);

/** Facets in the order the filter panel shows them; others the API may add come after. */
const FACET_ORDER = ['status', 'metric_type', 'level', 'cycle', 'eqf_level', 'language', 'country', 'delivery', 'study_mode', 'institution', 'skills'];

/** Values a facet shows before "Show all". */
const FACET_PREVIEW = 6;

/** The orders /search can sort by; relevance is the default. */
const SORTS = ['relevance', 'title', 'newest', 'ects', '-ects', 'tuition'] as const;

function scalarsFrom(params: URLSearchParams): Partial<Record<Scalar, string>> {
  const scalars: Partial<Record<Scalar, string>> = {};
  for (const name of SCALARS) {
    const value = params.get(name);
    if (value) {
      scalars[name] = value;
    }
  }
  return scalars;
}

function toSearchType(value: string | null): SearchType | undefined {
  return value === 'course' || value === 'programme' || value === 'competition' ? value : undefined;
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
  const scalars = scalarsFrom(params);
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

  // A query submitted with Enter (here or from another page's search box) moves focus to its
  // results once they arrive, so the next Tab reaches them rather than every filter first.
  const location = useLocation();
  const resultsRef = useRef<HTMLElement>(null);
  const focusResultsFor = useRef<string | null>((location.state as { focusResults?: boolean } | null)?.focusResults ? key : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = withQuery(params, input.trim());
    if (next.toString() === key && state.status === 'success') {
      resultsRef.current?.focus();
      return;
    }
    setParams(next, { replace: true });
    focusResultsFor.current = next.toString();
  };

  const skipToResults = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    resultsRef.current?.focus();
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

  /** Sets or clears single-valued parameters (sort, ranges) in one history entry. */
  const setScalars = (values: Partial<Record<Scalar, string>>) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [name, value] of Object.entries(values)) {
        if (value) {
          next.set(name, value);
        } else {
          next.delete(name);
        }
      }
      return next;
    });
  };

  const clearFilters = () => setParams(q ? { q } : {});

  const state = useAsync((signal) => search({ q, type, ...scalars, filters, limit: PAGE_SIZE }, signal), key);
  const response = state.status === 'success' ? state.data : state.status === 'loading' ? state.previous : undefined;

  useEffect(() => {
    if (state.status === 'success' && focusResultsFor.current === key) {
      focusResultsFor.current = null;
      resultsRef.current?.focus();
    }
  }, [state.status, key]);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const rangeCount = RANGE_PARAMS.filter((n) => n !== 'fee_group' && scalars[n]).length;
  const activeFilterCount = Object.values(filters).reduce((n, values) => n + values.length, 0) + (type ? 1 : 0) + rangeCount;

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
            maxLength={MAX_SEARCH_LENGTH}
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
          <a href="#search-results" className="skip-link-inline" onClick={skipToResults}>
            {t('search.skipToResults')}
          </a>
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
            {activeFilterCount > 0 && (
              <button type="button" className="button button-quiet clear-filters" onClick={clearFilters}>
                {t('search.clearFilters')}
              </button>
            )}
            <TypeFilter value={type} counts={response?.facets.type} onChange={setType} />
            <RangeFilters key={SCALARS.map((n) => scalars[n] ?? '').join('|')} values={scalars} onApply={setScalars} />
            {response && <FacetFilters facets={response.facets} selected={filters} onToggle={toggleFilter} />}
          </div>
        </div>

        <section
          id="search-results"
          ref={resultsRef}
          tabIndex={-1}
          className="search-results"
          aria-labelledby="results-title"
          aria-busy={state.status === 'loading'}
        >
          <h2 id="results-title" className="visually-hidden">
            {t('search.resultsTitle')}
          </h2>
          <div className="results-toolbar">
            <p className="result-count" role="status">
              {response && t('search.resultCount', { count: response.total })}
            </p>
            <div className="sort-control">
              <label htmlFor="search-sort">{t('search.sortLabel')}</label>
              <select id="search-sort" value={scalars.sort ?? 'relevance'} onChange={(e) => setScalars({ sort: e.target.value === 'relevance' ? '' : e.target.value })}>
                {SORTS.map((sort) => (
                  <option key={sort} value={sort}>
                    {t(`search.sorts.${sort}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {state.status === 'error' && <ErrorNotice error={state.error} />}
          {state.status === 'loading' && !response && <Loading />}
          {response && (
            // A new first page starts a new list, so pages loaded with "Show more" never mix queries.
            <Results key={state.status === 'success' ? key : 'previous'} first={response} query={{ q, type, ...scalars, filters }} stale={state.status !== 'success'} />
          )}
        </section>
      </div>
    </div>
  );
}

function TypeFilter({
  value,
  counts,
  onChange,
}: {
  value: SearchType | undefined;
  counts: Record<string, number> | undefined;
  onChange(value: SearchType | undefined): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const name = useId();
  const options: { value: SearchType | undefined; label: string }[] = [
    { value: undefined, label: t('search.typeAll') },
    { value: 'course', label: t('search.typeCourses') },
    { value: 'programme', label: t('search.typeProgrammes') },
    { value: 'competition', label: t('search.typeCompetitions') },
  ];
  return (
    <fieldset className="filter-group">
      <legend>{t('search.typeLegend')}</legend>
      {options.map((option) => (
        <label key={option.value ?? 'all'} className="choice">
          <input type="radio" name={name} checked={value === option.value} onChange={() => onChange(option.value)} />
          <span>{option.label}</span>
          {option.value && counts?.[option.value] !== undefined && !value && (
            <span className="choice-count">({format.number(counts[option.value]!)})</span>
          )}
        </label>
      ))}
    </fieldset>
  );
}

/** ECTS, EQF and tuition ranges; applied together with one button so typing does not search each digit. */
function RangeFilters({ values, onApply }: { values: Partial<Record<Scalar, string>>; onApply(values: Partial<Record<Scalar, string>>): void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [draft, setDraft] = useState(values);
  const set = (name: Scalar) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft((d) => ({ ...d, [name]: e.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(Object.fromEntries(RANGE_PARAMS.map((name) => [name, draft[name] ?? ''])));
  };
  const eqfOptions = [1, 2, 3, 4, 5, 6, 7, 8];
  return (
    <form className="range-filters" onSubmit={submit} aria-label={t('search.rangesTitle')}>
      <fieldset className="filter-group">
        <legend>{t('search.ectsLegend')}</legend>
        <div className="range-row">
          <label>
            <span>{t('search.from')}</span>
            <input type="number" inputMode="decimal" min={0} step="any" value={draft.ects_min ?? ''} onChange={set('ects_min')} />
          </label>
          <label>
            <span>{t('search.to')}</span>
            <input type="number" inputMode="decimal" min={0} step="any" value={draft.ects_max ?? ''} onChange={set('ects_max')} />
          </label>
        </div>
      </fieldset>
      <fieldset className="filter-group">
        <legend>{t('search.eqfLegend')}</legend>
        <div className="range-row">
          <label>
            <span>{t('search.from')}</span>
            <select value={draft.eqf_min ?? ''} onChange={set('eqf_min')}>
              <option value="">{t('search.any')}</option>
              {eqfOptions.map((n) => (
                <option key={n} value={n}>
                  {labels.eqf(n)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('search.to')}</span>
            <select value={draft.eqf_max ?? ''} onChange={set('eqf_max')}>
              <option value="">{t('search.any')}</option>
              {eqfOptions.map((n) => (
                <option key={n} value={n}>
                  {labels.eqf(n)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset className="filter-group">
        <legend>{t('search.tuitionLegend')}</legend>
        <div className="range-row range-row-stacked">
          <label>
            <span>{t('search.tuitionMax')}</span>
            <input type="number" inputMode="numeric" min={0} step={100} value={draft.tuition_max ?? ''} onChange={set('tuition_max')} />
          </label>
          <label>
            <span>{t('search.feeGroup')}</span>
            <select value={draft.fee_group ?? 'eu'} onChange={set('fee_group')}>
              <option value="eu">{labels.of('fee_group', 'eu')}</option>
              <option value="non_eu">{labels.of('fee_group', 'non_eu')}</option>
            </select>
          </label>
        </div>
      </fieldset>
      <button type="submit" className="button button-quiet">
        {t('search.applyRanges')}
      </button>
    </form>
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
  const names = Object.keys(facets)
    .filter((name) => !RESERVED.has(name))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return (
    <>
      {names.map((name) => (
        <Facet key={name} name={name} counts={facets[name] ?? {}} selected={selected[name] ?? []} onToggle={onToggle} />
      ))}
    </>
  );
}

function rank(facet: string): number {
  const i = FACET_ORDER.indexOf(facet);
  return i === -1 ? FACET_ORDER.length : i;
}

/** One facet's values as checkboxes, most frequent first, long lists folded after a few. */
function Facet({
  name,
  counts,
  selected,
  onToggle,
}: {
  name: string;
  counts: Record<string, number>;
  selected: string[];
  onToggle(name: string, value: string, on: boolean): void;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const [expanded, setExpanded] = useState(false);
  const listId = useId();
  const all = { ...counts };
  for (const value of selected) {
    all[value] ??= 0;
  }
  const values = Object.entries(all).sort(([a, x], [b, y]) => (name === 'eqf_level' ? Number(a) - Number(b) : y - x || a.localeCompare(b)));
  const shown = expanded ? values : values.filter(([value], i) => i < FACET_PREVIEW || selected.includes(value));
  const institutions = useInstitutionNames();
  const skills = useSkills(name === 'skills' ? shown.map(([value]) => value) : []);
  const language = i18n.resolvedLanguage ?? 'en';

  if (values.length === 0) {
    return null;
  }
  const label = (value: string): string => {
    if (name === 'institution') {
      return institutions.get(value) ?? value;
    }
    if (name === 'skills') {
      const skill = skills.get(value);
      return skill ? skillLabel(skill, language) : '…';
    }
    return labels.facetValue(name, value);
  };
  return (
    <fieldset className="filter-group">
      <legend>{t(`search.facets.${name}`, { defaultValue: name.replace(/_/g, ' ') })}</legend>
      <div id={listId}>
        {shown.map(([value, count]) => (
          <label key={value} className="choice">
            <input type="checkbox" checked={selected.includes(value)} onChange={(e) => onToggle(name, value, e.target.checked)} />
            <span>{label(value)}</span>
            <span className="choice-count">({format.number(count)})</span>
          </label>
        ))}
      </div>
      {values.length > FACET_PREVIEW && (
        <button type="button" className="link-button" aria-expanded={expanded} aria-controls={listId} onClick={() => setExpanded((e) => !e)}>
          {expanded ? t('search.showFewer') : t('search.showAll', { count: values.length })}
        </button>
      )}
    </fieldset>
  );
}

type Query = Omit<SearchParams, 'limit' | 'cursor'>;

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
