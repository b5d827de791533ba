import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listOrgMembers, setMemberRole, type Org, type OrgMember } from '../api/console';
import { useAuth } from '../auth/AuthContext';
import { forgetOrgs } from '../components/ConsoleNavLink';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { shown, useAsync } from '../lib/useAsync';

/**
 * An organisation's members; its owners make staff owners and owners staff,
 * which is how ownership is handed over. The last owner stays owner.
 */
export function MembersPanel({ org }: { org: Org }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useAuth();
  const errorMessage = useErrorMessage();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const state = useAsync((signal) => listOrgMembers(org.id, signal), `${org.id}:${version}`);
  const members = shown(state);
  const headingID = `members-${org.id}`;
  const owner = org.role === 'owner';

  const change = async (m: OrgMember, role: string) => {
    setError('');
    setBusy(m.user_id);
    try {
      await setMemberRole(org.id, m.user_id, role);
      if (m.user_id === user?.id) {
        // The signed-in person's own role changed: the console asks again.
        forgetOrgs();
      }
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy('');
    }
  };

  return (
    <>
      <h3 id={headingID}>{t('orgs.membersTitle')}</h3>
      {owner && <p>{t('orgs.membersLead')}</p>}
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'loading' && !members && <Loading />}
      {members && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby={headingID}>
            <thead>
              <tr>
                <th scope="col">{t('orgs.colMember')}</th>
                <th scope="col">{t('invitations.role')}</th>
                <th scope="col">{t('orgs.colJoined')}</th>
                {owner && <th scope="col">{t('console.colActions')}</th>}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => {
                const name = m.display_name || m.email;
                return (
                  <tr key={m.user_id}>
                    <th scope="row">
                      {name} <span className="field-hint">{m.email}</span>
                    </th>
                    <td>{m.role === 'owner' || m.role === 'staff' ? t(`memberships.role.${m.role}`) : m.role}</td>
                    <td>{format.date(m.joined_at)}</td>
                    {owner && (
                      <td>
                        <button
                          type="button"
                          className="button button-quiet"
                          disabled={busy === m.user_id}
                          onClick={() => void change(m, m.role === 'owner' ? 'staff' : 'owner')}
                        >
                          {m.role === 'owner'
                            ? m.user_id === user?.id
                              ? t('orgs.stepDown')
                              : t('orgs.makeStaff', { name })
                            : t('orgs.makeOwner', { name })}
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
