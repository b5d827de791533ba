import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listOrgCompetitions } from '../api/competitions';
import type { Org } from '../api/console';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { CompetitionStatus } from './HostedCompetition';

/** The competitions an organisation hosts, drafts included, with the way to start a new one. */
export function CompetitionsPanel({ org }: { org: Org }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useAsync((signal) => listOrgCompetitions(org.id, undefined, signal), org.id);
  const headingID = `competitions-${org.id}`;
  const date = (iso: string) => format.date(iso, { dateStyle: 'medium' });
  return (
    <>
      <div className="section-head">
        <h3 id={headingID}>{t('hosting.competitionsTitle')}</h3>
        <Link to={`/console/competitions/new?org=${encodeURIComponent(org.id)}`} className="button button-quiet">
          {t('hosting.newCompetition')}
        </Link>
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'success' &&
        (state.data.items.length === 0 ? (
          <p className="empty-state">{t('hosting.noCompetitions')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-labelledby={headingID}>
              <thead>
                <tr>
                  <th scope="col">{t('console.colTitle')}</th>
                  <th scope="col">{t('console.colStatus')}</th>
                  <th scope="col">{t('hosting.colDates')}</th>
                  <th scope="col">{t('console.colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.items.map((c) => {
                  const base = `/console/competitions/${encodeURIComponent(c.slug)}`;
                  return (
                    <tr key={c.id}>
                      <th scope="row">
                        <Link to={base}>{c.title}</Link>
                      </th>
                      <td>
                        <CompetitionStatus status={c.status} />
                      </td>
                      <td>{t('competitions.dates', { start: date(c.start_at), end: date(c.end_at) })}</td>
                      <td>
                        <ul className="row-actions">
                          <li>
                            <Link to={`${base}/data`} aria-label={t('hosting.dataOf', { title: c.title })}>
                              {t('hosting.tabData')}
                            </Link>
                          </li>
                          <li>
                            <Link to={`${base}/submissions`} aria-label={t('hosting.submissionsOf', { title: c.title })}>
                              {t('hosting.tabSubmissions')}
                            </Link>
                          </li>
                        </ul>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}
