import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { auditActions, listAudit, type AuditFilter } from '../api/admin';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { SelectField, TextInput } from '../console/fields';
import { useFormat } from '../i18n/format';
import { useAdminList } from './useAdminList';

/** The platform's audit log (/admin/audit): administrative actions, newest first, filtered by action, administrator or target. */
export default function AuditTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const [draft, setDraft] = useState<AuditFilter>({ action: '', actor: '', target: '' });
  const [filter, setFilter] = useState<AuditFilter>(draft);
  const list = useAdminList((cursor, signal) => listAudit({ ...filter, cursor }, signal), JSON.stringify(filter));
  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ action: draft.action, actor: draft.actor?.trim(), target: draft.target?.trim() });
  };
  return (
    <section className="section-tight" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('admin.auditTitle')}</h2>
      <p>{t('admin.auditLead')}</p>
      <form className="form card" role="search" aria-labelledby="audit-title" onSubmit={search}>
        <SelectField
          id="audit-action"
          label={t('admin.action')}
          value={draft.action ?? ''}
          onChange={(action) => setDraft({ ...draft, action })}
          emptyLabel={t('admin.anyAction')}
          options={auditActions.map((a) => ({ value: a, label: t(`admin.auditAction.${a}`) }))}
        />
        <TextInput id="audit-actor" label={t('admin.actorID')} value={draft.actor ?? ''} onChange={(actor) => setDraft({ ...draft, actor })} />
        <TextInput id="audit-target" label={t('admin.targetID')} value={draft.target ?? ''} onChange={(target) => setDraft({ ...draft, target })} />
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t('admin.filter')}
          </button>
        </div>
      </form>
      {list.error !== null && <ErrorNotice error={list.error} />}
      {list.items === null && list.error === null && <Loading />}
      {list.items?.length === 0 && <p className="empty-state">{t('admin.noAudit')}</p>}
      {list.items && list.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="audit-title">
            <thead>
              <tr>
                <th scope="col">{t('admin.when')}</th>
                <th scope="col">{t('admin.action')}</th>
                <th scope="col">{t('admin.by')}</th>
                <th scope="col">{t('admin.target')}</th>
                <th scope="col">{t('hosting.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((e) => (
                <tr key={e.id}>
                  <td>{format.date(e.at, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <th scope="row">{t(`admin.auditAction.${e.action}`, { defaultValue: e.action })}</th>
                  <td>{e.actor_email || e.actor_id}</td>
                  <td>
                    {t(`admin.targetKind.${e.target_kind}`, { defaultValue: e.target_kind })}: {e.target_label}
                  </td>
                  <td>{e.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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
