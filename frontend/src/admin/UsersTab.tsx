import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listUsers, reinstateUser, resetSignIn, setAdmin, suspendUser, type AdminUser } from '../api/admin';
import { useAuth } from '../auth/AuthContext';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { TextInput } from '../console/fields';
import { ReasonForm } from '../console/ReasonForm';
import { useAdminList } from './useAdminList';

/**
 * Users (/admin/users): found by the start of their email or name; suspended
 * (their sessions end, sign-in is refused) and reinstated; their sign-in reset;
 * made administrator or not, the platform keeping at least one.
 */
export default function UsersTab() {
  const { t } = useTranslation();
  const { user: me } = useAuth();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const list = useAdminList((cursor, signal) => listUsers(query, cursor, signal), query);
  const [suspending, setSuspending] = useState<AdminUser | null>(null);
  const [done, setDone] = useState('');
  const [error, setError] = useState<unknown>(null);

  const replace = (changed: AdminUser, message: string) => {
    list.setItems((items) => (items ?? []).map((u) => (u.id === changed.id ? changed : u)));
    setSuspending(null);
    setError(null);
    setDone(message);
  };
  const act = async (action: () => Promise<AdminUser>, message: (u: AdminUser) => string) => {
    try {
      const changed = await action();
      replace(changed, message(changed));
    } catch (err) {
      setError(err);
    }
  };
  const reset = async (u: AdminUser) => {
    try {
      await resetSignIn(u.id);
      setError(null);
      setDone(t('admin.signInReset', { email: u.email }));
    } catch (err) {
      setError(err);
    }
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft.trim());
  };

  return (
    <section className="section-tight" aria-labelledby="users-title">
      <h2 id="users-title">{t('admin.usersTitle')}</h2>
      <form className="form card" role="search" aria-labelledby="users-title" onSubmit={search}>
        <TextInput id="user-q" label={t('admin.userQuery')} hint={t('admin.userQueryHint')} value={draft} onChange={setDraft} />
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
      {list.items?.length === 0 && <p className="empty-state">{t('admin.noUsers')}</p>}
      {list.items && list.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="users-title">
            <thead>
              <tr>
                <th scope="col">{t('admin.userName')}</th>
                <th scope="col">{t('admin.email')}</th>
                <th scope="col">{t('admin.state')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.display_name}</th>
                  <td>{u.email}</td>
                  <td>
                    {u.suspended ? t('admin.userSuspended') : t('admin.userActive')}
                    {u.admin && <span className="badge"> {t('admin.administrator')}</span>}
                    {u.suspension_reason && <span className="field-hint"> {u.suspension_reason}</span>}
                  </td>
                  <td>
                    <ul className="row-actions">
                      {u.suspended ? (
                        <li>
                          <button type="button" className="button button-quiet" onClick={() => void act(() => reinstateUser(u.id), (c) => t('admin.userReinstated', { email: c.email }))}>
                            {t('admin.reinstateUser', { email: u.email })}
                          </button>
                        </li>
                      ) : (
                        !u.admin && (
                          <li>
                            <button type="button" className="button button-quiet" onClick={() => setSuspending(u)}>
                              {t('admin.suspendUser', { email: u.email })}
                            </button>
                          </li>
                        )
                      )}
                      <li>
                        <button type="button" className="button button-quiet" onClick={() => void reset(u)}>
                          {t('admin.resetSignIn', { email: u.email })}
                        </button>
                      </li>
                      {!u.suspended && (
                        <li>
                          <button
                            type="button"
                            className="button button-quiet"
                            onClick={() =>
                              void act(
                                () => setAdmin(u.id, !u.admin),
                                (c) => t(c.admin ? 'admin.adminGranted' : 'admin.adminRevoked', { email: c.email }),
                              )
                            }
                          >
                            {t(u.admin ? (u.id === me?.id ? 'admin.revokeOwnAdmin' : 'admin.revokeAdmin') : 'admin.grantAdmin', { email: u.email })}
                          </button>
                        </li>
                      )}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {suspending && (
        <ReasonForm
          key={suspending.id}
          id={`suspend-${suspending.id}`}
          title={t('admin.suspendUserTitle', { email: suspending.email })}
          submitLabel={t('admin.suspend')}
          send={async (reason) => {
            const changed = await suspendUser(suspending.id, reason);
            replace(changed, t('admin.userSuspendedDone', { email: changed.email }));
          }}
          onCancel={() => setSuspending(null)}
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
