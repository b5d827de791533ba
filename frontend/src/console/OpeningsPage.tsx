import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Org } from '../api/console';
import { listContests, listOpenings, type OpeningSummary } from '../api/talent';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { CompanyFrame, companyPath } from './CompanyFrame';

const STATUSES = ['', 'draft', 'open', 'closed'] as const;

/** /console/orgs/:orgId/openings: the company's openings by status, and the contests of its matches. */
export default function OpeningsPage() {
  const { t } = useTranslation();
  return (
    <CompanyFrame title={t('recruit.openingsTitle')}>
      {(org) => (
        <>
          <div className="section-head">
            <h1>{t('recruit.openingsTitle')}</h1>
            <Link to={companyPath(org.id, 'openings', 'new')} className="button button-primary">
              {t('recruit.newOpening')}
            </Link>
          </div>
          <p className="lead">{t('recruit.openingsLead', { name: org.name })}</p>
          <Openings org={org} />
          <Contests org={org} />
        </>
      )}
    </CompanyFrame>
  );
}

function Openings({ org }: { org: Org }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const [pages, setPages] = useState<{ items: OpeningSummary[]; next_cursor?: string }[]>([]);
  const [moreError, setMoreError] = useState<unknown>(null);
  const first = useAsync((signal) => listOpenings(org.id, status || undefined, undefined, signal), `${org.id}:${status}`);

  const choose = (next: (typeof STATUSES)[number]) => {
    setStatus(next);
    setPages([]);
  };
  const all = first.status === 'success' ? [first.data, ...pages] : [];
  const next = all[all.length - 1]?.next_cursor;
  const more = async () => {
    try {
      const page = await listOpenings(org.id, status || undefined, next);
      setPages((p) => [...p, page]);
    } catch (err) {
      setMoreError(err);
    }
  };
  const items = all.flatMap((p) => p.items);
  return (
    <section className="section-tight" aria-labelledby="openings-list">
      <h2 id="openings-list" className="visually-hidden">
        {t('recruit.openingsTitle')}
      </h2>
      <div className="field">
        <label htmlFor="openings-status">{t('recruit.filterStatus')}</label>
        <select id="openings-status" value={status} onChange={(e) => choose(e.target.value as (typeof STATUSES)[number])}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s ? t(`recruit.status.${s}`) : t('recruit.allStatuses')}
            </option>
          ))}
        </select>
      </div>
      {first.status === 'loading' && <Loading />}
      {first.status === 'error' && <ErrorNotice error={first.error} />}
      {first.status === 'success' &&
        (items.length === 0 ? (
          <p className="empty-state">{t('recruit.noOpenings')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-labelledby="openings-list">
              <thead>
                <tr>
                  <th scope="col">{t('console.colTitle')}</th>
                  <th scope="col">{t('console.colStatus')}</th>
                  <th scope="col">{t('talent.placeTerm')}</th>
                  <th scope="col">{t('talent.fields.start_date')}</th>
                  <th scope="col">{t('console.colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">
                      <Link to={companyPath(org.id, 'openings', o.id)}>{o.title || t('recruit.untitled')}</Link>
                    </th>
                    <td>
                      <span className={`status status-${o.status === 'open' ? 'published' : o.status === 'closed' ? 'archived' : 'draft'}`}>
                        {t(`recruit.status.${o.status}`)}
                      </span>
                    </td>
                    <td>
                      {[o.city, o.country && format.countryName(o.country)].filter(Boolean).join(', ') || '—'}{' '}
                      {o.remote_policy !== 'on_site' && `(${t(`talent.remotePolicy.${o.remote_policy}`)})`}
                    </td>
                    <td>{o.start_date ? format.day(o.start_date) : '—'}</td>
                    <td>
                      {o.status !== 'draft' && (
                        <Link to={companyPath(org.id, 'openings', o.id, 'matches')} aria-label={t('recruit.matchesOf', { title: o.title })}>
                          {t('recruit.matches')}
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {moreError !== null && <ErrorNotice error={moreError} />}
      {next && (
        <button type="button" className="button button-quiet" onClick={() => void more()}>
          {t('recruit.showMore')}
        </button>
      )}
    </section>
  );
}

/** The contests learners sent about their matches: each reaches a person here. */
function Contests({ org }: { org: Org }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useAsync((signal) => listContests(org.id, signal), org.id);
  return (
    <section className="section-tight" aria-labelledby="contests-inbox">
      <h2 id="contests-inbox">{t('recruit.contestsTitle')}</h2>
      <p>{t('recruit.contestsBody')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'success' &&
        (state.data.length === 0 ? (
          <p className="empty-state">{t('recruit.noContests')}</p>
        ) : (
          <ul className="result-list">
            {state.data.map((c) => (
              <li key={c.id} className="card">
                <h3 className="hit-title">
                  {t('recruit.contestOf', { pseudonym: c.pseudonym, opening: c.opening.title })}
                </h3>
                <p className="field-hint">
                  <time dateTime={c.created_at}>{format.date(c.created_at)}</time>
                </p>
                <blockquote className="prose">{c.message}</blockquote>
                <ul className="row-actions">
                  <li>
                    <Link to={companyPath(org.id, 'talent', c.pseudonym)}>{t('recruit.openCandidate', { pseudonym: c.pseudonym })}</Link>
                  </li>
                  <li>
                    <Link to={companyPath(org.id, 'openings', c.opening.id, 'matches')}>{t('recruit.matchesOf', { title: c.opening.title })}</Link>
                  </li>
                </ul>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
