import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listOrgs, rejectOrg, verifyOrg, type AdminOrg } from '../api/admin';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { ReasonForm } from '../console/ReasonForm';
import { useFormat } from '../i18n/format';
import { useAdminList } from './useAdminList';

/** The verification queue (/admin): organisations waiting for an administrator, with their owners and evidence. */
export default function QueueTab() {
  const { t } = useTranslation();
  const list = useAdminList((cursor, signal) => listOrgs({ state: 'pending', cursor }, signal), 'queue');
  const [done, setDone] = useState('');
  const settle = (org: AdminOrg, message: string) => {
    list.setItems((items) => (items ?? []).filter((o) => o.id !== org.id));
    setDone(message);
  };
  return (
    <section className="section-tight" aria-labelledby="queue-title">
      <h2 id="queue-title">{t('admin.queueTitle')}</h2>
      <p>{t('admin.queueLead')}</p>
      <p role="status" className={done ? 'notice notice-success' : undefined}>
        {done}
      </p>
      {list.error !== null && <ErrorNotice error={list.error} />}
      {list.items === null && list.error === null && <Loading />}
      {list.items?.length === 0 && <p className="empty-state">{t('admin.queueEmpty')}</p>}
      {list.items?.map((org) => (
        <QueuedOrg key={org.id} org={org} onSettled={(message) => settle(org, message)} />
      ))}
      {list.nextCursor && (
        <p className="actions">
          <button type="button" className="button button-quiet" onClick={list.loadMore}>
            {t('admin.more')}
          </button>
        </p>
      )}
    </section>
  );
}

function QueuedOrg({ org, onSettled }: { org: AdminOrg; onSettled(message: string): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const headingID = `queued-${org.id}`;
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      await verifyOrg(org.id);
      onSettled(t('admin.verifiedDone', { name: org.name }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <article className="card" aria-labelledby={headingID}>
      <h3 id={headingID}>{org.name}</h3>
      <dl className="facts">
        <dt>{t('orgs.kindLabel')}</dt>
        <dd>{t(`orgs.kind.${org.kind}`, { defaultValue: org.kind })}</dd>
        <dt>{t('orgs.country')}</dt>
        <dd>{org.country}</dd>
        {org.website && (
          <>
            <dt>{t('orgs.website')}</dt>
            <dd>
              <a href={org.website} rel="noopener noreferrer" target="_blank">
                {org.website}
              </a>
            </dd>
          </>
        )}
        <dt>{t('admin.owners')}</dt>
        <dd>{org.owners.map((o) => `${o.display_name} <${o.email}>`).join(', ') || '—'}</dd>
        {org.evidence ? (
          <>
            <dt>{t('orgs.registrationNumber')}</dt>
            <dd>{org.evidence.registration_number}</dd>
            <dt>{t('orgs.emailDomain')}</dt>
            <dd>{org.evidence.email_domain}</dd>
            {org.evidence.submitted_at && (
              <>
                <dt>{t('admin.submittedAt')}</dt>
                <dd>{format.date(org.evidence.submitted_at, { dateStyle: 'medium', timeStyle: 'short' })}</dd>
              </>
            )}
          </>
        ) : (
          <>
            <dt>{t('orgs.evidenceTitle')}</dt>
            <dd>{t('admin.noEvidence')}</dd>
          </>
        )}
      </dl>
      {error !== null && <ErrorNotice error={error} />}
      {rejecting ? (
        <ReasonForm
          id={`reject-${org.id}`}
          title={t('admin.rejectTitle', { name: org.name })}
          submitLabel={t('admin.reject')}
          send={async (reason) => {
            await rejectOrg(org.id, reason, false);
            onSettled(t('admin.rejectedDone', { name: org.name }));
          }}
          onCancel={() => setRejecting(false)}
        />
      ) : (
        <div className="form-actions">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void verify()}>
            {t('admin.verifyOrg', { name: org.name })}
          </button>
          <button type="button" className="button button-quiet" disabled={busy} onClick={() => setRejecting(true)}>
            {t('admin.rejectOrg', { name: org.name })}
          </button>
        </div>
      )}
    </article>
  );
}
