import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LISTED_STATUSES, listCompetitions, type CompetitionSummary, type ListedStatus } from '../api/competitions';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { CompetitionCard } from '../competitions/CompetitionCard';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** Competitions per page. */
const PAGE_SIZE = 24;

function toStatus(value: string | null): ListedStatus {
  return LISTED_STATUSES.find((s) => s === value) ?? 'running';
}

/** Every published competition, running ones first, filtered by status; the URL holds the filter. */
export default function CompetitionsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const status = toStatus(params.get('status'));
  usePageTitle(t('competitions.title'));
  return (
    <div className="container page">
      <h1>{t('competitions.title')}</h1>
      <p className="lead">{t('competitions.lead')}</p>
      <nav aria-label={t('competitions.filterLabel')} className="console-tabs">
        <ul>
          {LISTED_STATUSES.map((s) => (
            <li key={s}>
              <Link to={`/competitions?status=${s}`} aria-current={s === status ? 'page' : undefined}>
                {t(`competitions.tab.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <CompetitionList key={status} status={status} />
    </div>
  );
}

/** One status's competitions, a page at a time. */
function CompetitionList({ status }: { status: ListedStatus }) {
  const { t } = useTranslation();
  const [cursor, setCursor] = useState<string | undefined>();
  const [earlier, setEarlier] = useState<CompetitionSummary[]>([]);
  const state = useAsync((signal) => listCompetitions({ status, cursor, limit: PAGE_SIZE }, signal), `${status}:${cursor ?? ''}`);
  const headingId = `competitions-${status}`;
  return (
    <section aria-labelledby={headingId} className="section-tight">
      <h2 id={headingId} className="visually-hidden">
        {t(`competitions.tab.${status}`)}
      </h2>
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {earlier.length === 0 && state.status === 'loading' && <Loading />}
      {state.status === 'success' && earlier.length === 0 && state.data.items.length === 0 && (
        <p className="empty-state">{t(`competitions.empty.${status}`)}</p>
      )}
      <ul className="card-grid">
        {[...earlier, ...(state.status === 'success' ? state.data.items : [])].map((c) => (
          <li key={c.id}>
            <CompetitionCard competition={c} />
          </li>
        ))}
      </ul>
      {state.status === 'success' && state.data.next_cursor && (
        <p className="actions">
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              setEarlier((e) => [...e, ...state.data.items]);
              setCursor(state.data.next_cursor);
            }}
          >
            {t('competitions.more')}
          </button>
        </p>
      )}
    </section>
  );
}
