import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Org } from '../api/console';
import { searchTalent, TALENT_FACETS, type Card, type TalentFacet, type TalentSearch } from '../api/talent';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { toLanguage } from '../i18n';
import { useFormat } from '../i18n/format';
import { skillLabel, useSkills } from '../lib/skills';
import { shown, useAsync } from '../lib/useAsync';
import { CandidateFacts } from './CandidateFacts';
import { CompanyFrame, companyPath } from './CompanyFrame';

/** Candidates per page of results. */
const TALENT_PAGE = 20;

/** The search as the address holds it: a shared or reloaded link shows the same results. */
function searchFrom(params: URLSearchParams): TalentSearch {
  const one = (name: string) => params.get(name) ?? undefined;
  return {
    q: one('q'),
    skills: params.getAll('skills'),
    occupation: one('occupation'),
    country: one('country'),
    language: one('language'),
    work_authorisation: one('work_authorisation'),
    available_by: one('available_by'),
    offset: Number(params.get('offset') ?? 0) || undefined,
    limit: TALENT_PAGE,
  };
}

/** /console/orgs/:orgId/talent: the talent pool's pseudonymous cards, searched and narrowed by facets. */
export default function TalentSearchPage() {
  const { t } = useTranslation();
  return (
    <CompanyFrame title={t('recruit.searchTitle')}>
      {(org) => (
        <>
          <h1>{t('recruit.searchTitle')}</h1>
          <p className="lead">{t('recruit.searchLead')}</p>
          <p className="notice" role="note">
            {t('recruit.searchNote')}
          </p>
          <Search org={org} />
        </>
      )}
    </CompanyFrame>
  );
}

function Search({ org }: { org: Org }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const query = searchFrom(params);
  const state = useAsync((signal) => searchTalent(org.id, query, signal), `${org.id}?${params.toString()}`);
  const results = shown(state);
  const [text, setText] = useState(query.q ?? '');
  const [availableBy, setAvailableBy] = useState(query.available_by ?? '');
  const skillIDs = Object.keys(results?.facets.skills ?? {});
  const skills = useSkills([...skillIDs, ...(query.skills ?? [])]);
  const language = toLanguage(i18n.resolvedLanguage);
  const occupations = new Map((results?.items ?? []).flatMap((c) => c.occupations.map((o) => [o.id, o.label] as const)));

  const update = (change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    next.delete('offset');
    setParams(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update((p) => {
      p.delete('q');
      p.delete('available_by');
      if (text.trim()) {
        p.set('q', text.trim());
      }
      if (availableBy) {
        p.set('available_by', availableBy);
      }
    });
  };
  const valueLabel = (facet: TalentFacet, value: string): string => {
    switch (facet) {
      case 'skills': {
        const s = skills.get(value);
        return s ? skillLabel(s, language) : value;
      }
      case 'occupation':
        return occupations.get(value) ?? value;
      case 'country':
        return format.countryName(value);
      case 'language':
        return format.languageName(value);
      default:
        return /^[A-Z]{2}$/.test(value) ? t('recruit.mayWorkIn', { country: format.countryName(value) }) : t(`recruit.wa.${value}`, { defaultValue: value });
    }
  };
  const offset = query.offset ?? 0;
  const page = (to: number) => {
    const next = new URLSearchParams(params);
    if (to > 0) {
      next.set('offset', String(to));
    } else {
      next.delete('offset');
    }
    setParams(next);
  };

  return (
    <div className="search-layout talent-search">
      <form className="form" role="search" onSubmit={submit} aria-label={t('recruit.searchTitle')}>
        <div className="field">
          <label htmlFor="talent-q">{t('recruit.searchLabel')}</label>
          <input id="talent-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="talent-available">{t('recruit.availableBy')}</label>
          <input id="talent-available" type="date" value={availableBy} onChange={(e) => setAvailableBy(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t('recruit.searchButton')}
          </button>
        </div>
      </form>
      <div className="filter-panel open">
        <h2 className="visually-hidden">{t('search.filtersTitle')}</h2>
        {TALENT_FACETS.map((facet) => {
          const counts = results?.facets[facet] ?? {};
          const values = Object.keys(counts);
          if (facet === 'skills') {
            const chosen = query.skills ?? [];
            const all = [...new Set([...chosen, ...values])];
            return all.length === 0 ? null : (
              <fieldset key={facet} className="filter-group">
                <legend>{t(`recruit.facets.${facet}`)}</legend>
                {all.map((v) => (
                  <label key={v} className="choice">
                    <input
                      type="checkbox"
                      checked={chosen.includes(v)}
                      onChange={(e) =>
                        update((p) => {
                          p.delete('skills');
                          (e.target.checked ? [...chosen, v] : chosen.filter((c) => c !== v)).forEach((s) => p.append('skills', s));
                        })
                      }
                    />
                    <span>{valueLabel(facet, v)}</span>
                    {counts[v] !== undefined && <span className="choice-count">({format.number(counts[v])})</span>}
                  </label>
                ))}
              </fieldset>
            );
          }
          const current = params.get(facet) ?? '';
          const options = [...new Set([...(current ? [current] : []), ...values])];
          return options.length === 0 ? null : (
            <div key={facet} className="field filter-group">
              <label htmlFor={`talent-facet-${facet}`}>{t(`recruit.facets.${facet}`)}</label>
              <select
                id={`talent-facet-${facet}`}
                value={current}
                onChange={(e) =>
                  update((p) => {
                    if (e.target.value) {
                      p.set(facet, e.target.value);
                    } else {
                      p.delete(facet);
                    }
                  })
                }
              >
                <option value="">{t('search.any')}</option>
                {options.map((v) => (
                  <option key={v} value={v}>
                    {valueLabel(facet, v)}
                    {counts[v] !== undefined ? ` (${format.number(counts[v])})` : ''}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
      <section className="search-results" aria-labelledby="talent-results" aria-busy={state.status === 'loading'}>
        <h2 id="talent-results" className="result-count">
          {results ? t('recruit.resultCount', { count: results.total }) : t('common.loading')}
        </h2>
        {state.status === 'error' && <ErrorNotice error={state.error} />}
        {!results && state.status === 'loading' && <Loading />}
        {results && results.items.length === 0 && <p className="empty-state">{t('recruit.noResults')}</p>}
        {results && results.items.length > 0 && (
          <ul className="result-list">
            {results.items.map((c) => (
              <li key={c.pseudonym}>
                <ResultCard org={org} card={c} />
              </li>
            ))}
          </ul>
        )}
        {results && (offset > 0 || offset + results.items.length < results.total) && (
          <nav className="form-actions" aria-label={t('recruit.pages')}>
            {offset > 0 && (
              <button type="button" className="button button-quiet" onClick={() => page(Math.max(0, offset - TALENT_PAGE))}>
                {t('recruit.previous')}
              </button>
            )}
            {offset + results.items.length < results.total && (
              <button type="button" className="button button-quiet" onClick={() => page(offset + TALENT_PAGE)}>
                {t('recruit.next')}
              </button>
            )}
          </nav>
        )}
      </section>
    </div>
  );
}

function ResultCard({ org, card }: { org: Org; card: Card }) {
  const { t } = useTranslation();
  const id = `result-${card.pseudonym}`;
  return (
    <article className="card talent-card" aria-labelledby={id}>
      <CandidateFacts card={card} headingID={id} />
      <p>
        <Link to={companyPath(org.id, 'talent', card.pseudonym)}>{t('recruit.openCandidate', { pseudonym: card.pseudonym })}</Link>
      </p>
    </article>
  );
}
