import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listOrgs, reinstateOrg, rejectOrg, suspendOrg, verifyOrg, type AdminOrg, type OrgFilter, type OrgState } from '../api/admin';
import type { Org } from '../api/console';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { SelectField, TextInput } from '../console/fields';
import { ReasonForm } from '../console/ReasonForm';
import { useAdminList } from './useAdminList';

const states: OrgState[] = ['pending', 'verified', 'rejected', 'suspended'];
const kinds = ['university', 'provider', 'company'];

/** An action that needs a reason, on one organisation. */
type Pending = { org: AdminOrg; action: 'suspend' | 'unverify' };

/** Organisations and their owners (/admin/organisations): filtered by state, kind and name; suspended, reinstated, un-verified. */
export default function OrganisationsTab() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<OrgFilter>({ state: '', kind: '', q: '' });
  const [filter, setFilter] = useState<OrgFilter>(draft);
  const list = useAdminList((cursor, signal) => listOrgs({ ...filter, cursor }, signal), JSON.stringify(filter));
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState('');
  const [error, setError] = useState<unknown>(null);

  const replace = (org: AdminOrg, changed: Org, message: string) => {
    list.setItems((items) => (items ?? []).map((o) => (o.id === org.id ? { ...o, ...changed } : o)));
    setPending(null);
    setError(null);
    setDone(message);
  };
  const act = async (org: AdminOrg, action: () => Promise<Org>, message: string) => {
    try {
      replace(org, await action(), message);
    } catch (err) {
      setError(err);
    }
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
  };

  return (
    <section className="section-tight" aria-labelledby="orgs-title">
      <h2 id="orgs-title">{t('admin.orgsTitle')}</h2>
      <form className="form card" role="search" aria-labelledby="orgs-title" onSubmit={search}>
        <SelectField
          id="org-state"
          label={t('admin.state')}
          value={draft.state ?? ''}
          onChange={(state) => setDraft({ ...draft, state: state as OrgState | '' })}
          emptyLabel={t('admin.anyState')}
          options={states.map((s) => ({ value: s, label: t(`admin.orgState.${s}`) }))}
        />
        <SelectField
          id="org-kind"
          label={t('orgs.kindLabel')}
          value={draft.kind ?? ''}
          onChange={(kind) => setDraft({ ...draft, kind })}
          emptyLabel={t('admin.anyKind')}
          options={kinds.map((k) => ({ value: k, label: t(`orgs.kind.${k}`) }))}
        />
        <TextInput id="org-q" label={t('admin.orgName')} hint={t('admin.prefixHint')} value={draft.q ?? ''} onChange={(q) => setDraft({ ...draft, q })} />
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t('admin.search')}
          </button>
        </div>
      </form>
      <p role="status" className={done ? 'notice notice-success' : undefined}>
        {done}
      </p>
      {error !== null && <ErrorNotice error={error} />}
      {list.error !== null && <ErrorNotice error={list.error} />}
      {list.items === null && list.error === null && <Loading />}
      {list.items?.length === 0 && <p className="empty-state">{t('admin.noOrgs')}</p>}
      {list.items && list.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="orgs-title">
            <thead>
              <tr>
                <th scope="col">{t('orgs.displayName')}</th>
                <th scope="col">{t('orgs.kindLabel')}</th>
                <th scope="col">{t('admin.state')}</th>
                <th scope="col">{t('admin.owners')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((org) => {
                const state = org.state ?? (org.verified ? 'verified' : 'pending');
                return (
                  <tr key={org.id}>
                    <th scope="row">{org.name}</th>
                    <td>{t(`orgs.kind.${org.kind}`, { defaultValue: org.kind })}</td>
                    <td>
                      {t(`admin.orgState.${state}`)}
                      {org.suspension_reason && <span className="field-hint"> {org.suspension_reason}</span>}
                      {!org.suspension_reason && org.rejection_reason && <span className="field-hint"> {org.rejection_reason}</span>}
                    </td>
                    <td>{org.owners.map((o) => o.email).join(', ') || '—'}</td>
                    <td>
                      <ul className="row-actions">
                        {state === 'suspended' ? (
                          <li>
                            <button type="button" className="button button-quiet" onClick={() => void act(org, () => reinstateOrg(org.id), t('admin.orgReinstated', { name: org.name }))}>
                              {t('admin.reinstateOrg', { name: org.name })}
                            </button>
                          </li>
                        ) : (
                          <li>
                            <button type="button" className="button button-quiet" onClick={() => setPending({ org, action: 'suspend' })}>
                              {t('admin.suspendOrg', { name: org.name })}
                            </button>
                          </li>
                        )}
                        {org.verified ? (
                          <li>
                            <button type="button" className="button button-quiet" onClick={() => setPending({ org, action: 'unverify' })}>
                              {t('admin.unverifyOrg', { name: org.name })}
                            </button>
                          </li>
                        ) : (
                          <li>
                            <button type="button" className="button button-quiet" onClick={() => void act(org, () => verifyOrg(org.id), t('admin.verifiedDone', { name: org.name }))}>
                              {t('admin.verifyOrg', { name: org.name })}
                            </button>
                          </li>
                        )}
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {pending && (
        <ReasonForm
          key={`${pending.action}-${pending.org.id}`}
          id={`${pending.action}-${pending.org.id}`}
          title={t(pending.action === 'suspend' ? 'admin.suspendTitle' : 'admin.unverifyTitle', { name: pending.org.name })}
          submitLabel={t(pending.action === 'suspend' ? 'admin.suspend' : 'admin.unverify')}
          send={async (reason) => {
            const { org, action } = pending;
            const changed = action === 'suspend' ? await suspendOrg(org.id, reason) : await rejectOrg(org.id, reason, true);
            replace(org, changed, t(action === 'suspend' ? 'admin.orgSuspended' : 'admin.orgUnverified', { name: org.name }));
          }}
          onCancel={() => setPending(null)}
        />
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
