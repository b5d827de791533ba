import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { listAudit, type AuditEntry, type Competition } from '../api/competitions';
import type { Page } from '../api/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { HostedCompetition } from './HostedCompetition';

/** The hosts' decisions on a competition, newest first: who, when, what and why (/console/competitions/:slug/audit). */
export default function CompetitionAuditPage() {
  const { slug = '' } = useParams();
  return <HostedCompetition slug={slug}>{(c) => <AuditLog competition={c} />}</HostedCompetition>;
}

function AuditLog({ competition }: { competition: Competition }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const slug = competition.slug;

  const showPage = (page: Page<AuditEntry>, more: boolean) => {
    setItems((prev) => (more ? [...(prev ?? []), ...page.items] : page.items));
    setNextCursor(page.next_cursor);
  };
  const onFirstPage = useEffectEvent((page: Page<AuditEntry>) => showPage(page, false));
  useEffect(() => {
    const controller = new AbortController();
    listAudit(slug, undefined, controller.signal).then(onFirstPage, (err: unknown) => {
      if (!controller.signal.aborted) {
        setError(err);
      }
    });
    return () => controller.abort();
  }, [slug]);
  const loadMore = (cursor: string) => listAudit(slug, cursor).then((page) => showPage(page, true), setError);

  return (
    <section className="section-tight" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('hosting.auditTitle')}</h2>
      <p>{t('hosting.auditLead')}</p>
      {error !== null && <ErrorNotice error={error} />}
      {items === null && error === null && <Loading />}
      {items?.length === 0 && <p className="empty-state">{t('hosting.noAudit')}</p>}
      {items && items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="audit-title">
            <thead>
              <tr>
                <th scope="col">{t('hosting.colWhen')}</th>
                <th scope="col">{t('hosting.colDecision')}</th>
                <th scope="col">{t('hosting.colTeam')}</th>
                <th scope="col">{t('hosting.colBy')}</th>
                <th scope="col">{t('hosting.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td>{format.date(e.at, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <th scope="row">
                    {t(`hosting.auditAction.${e.action}`, { defaultValue: e.action })}
                    {e.flag_id && <span className="field-hint"> {t('hosting.onFlag', { flag: e.flag_id })}</span>}
                  </th>
                  <td>{e.team_id ?? '—'}</td>
                  <td>{e.by}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor && (
        <p className="actions">
          <button type="button" className="button button-quiet" onClick={() => void loadMore(nextCursor)}>
            {t('hosting.moreAudit')}
          </button>
        </p>
      )}
    </section>
  );
}
