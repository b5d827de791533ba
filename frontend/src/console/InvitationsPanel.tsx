import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { inviteMember, listOrgInvitations, revokeInvitation, type Org, type OrgInvitation } from '../api/console';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, formErrorsFrom, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { Loading } from '../components/Loading';
import { TextField } from '../components/TextField';
import { useFormat } from '../i18n/format';
import { shown, useAsync } from '../lib/useAsync';

/** An owner's way to invite people into the organisation by address, see who has not answered yet, and revoke. */
export function InvitationsPanel({ org }: { org: Org }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [version, setVersion] = useState(0);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('staff');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [revokeError, setRevokeError] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);
  const state = useAsync((signal) => listOrgInvitations(org.id, signal), `${org.id}:${version}`);
  const pending = shown(state);
  const headingID = `invitations-${org.id}`;
  const pendingID = `pending-${org.id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSent('');
    setErrors(null);
    try {
      const inv = await inviteMember(org.id, { email: email.trim(), role });
      setSent(t('invitations.sent', { email: inv.email }));
      setEmail('');
      setVersion((v) => v + 1);
    } catch (err) {
      setErrors(formErrorsFrom(err, ['email', 'role'], errorMessage));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (inv: OrgInvitation) => {
    setRevokeError('');
    try {
      await revokeInvitation(org.id, inv.id);
      setVersion((v) => v + 1);
    } catch (err) {
      setRevokeError(errorMessage(err));
    }
  };

  return (
    <>
      <h3 id={headingID}>{t('invitations.title')}</h3>
      <p>{t('invitations.lead')}</p>
      <form ref={formRef} className="form console-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={headingID}>
        <FormAlert message={errors?.message} />
        {sent && (
          <div className="notice notice-success" role="status">
            {sent}
          </div>
        )}
        <TextField
          id={`invite-email-${org.id}`}
          type="email"
          label={t('fields.email')}
          value={email}
          onChange={setEmail}
          error={errors?.fields.email}
          autoComplete="off"
          required
        />
        <div className="field">
          <label htmlFor={`invite-role-${org.id}`}>{t('invitations.role')}</label>
          <select id={`invite-role-${org.id}`} value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="staff">{t('memberships.role.staff')}</option>
            <option value="owner">{t('memberships.role.owner')}</option>
          </select>
        </div>
        <div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('invitations.sending') : t('invitations.send')}
          </button>
        </div>
      </form>
      <h4 id={pendingID}>{t('invitations.pendingTitle')}</h4>
      {revokeError && (
        <div className="notice notice-error" role="alert">
          {revokeError}
        </div>
      )}
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'loading' && !pending && <Loading />}
      {pending &&
        (pending.length === 0 ? (
          <p className="empty-state">{t('invitations.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-labelledby={pendingID}>
              <thead>
                <tr>
                  <th scope="col">{t('fields.email')}</th>
                  <th scope="col">{t('invitations.role')}</th>
                  <th scope="col">{t('invitations.colExpires')}</th>
                  <th scope="col">{t('console.colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {pending.map((inv) => (
                  <tr key={inv.id}>
                    <th scope="row">{inv.email}</th>
                    <td>{inv.role === 'owner' || inv.role === 'staff' ? t(`memberships.role.${inv.role}`) : inv.role}</td>
                    <td>{format.date(inv.expires_at)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button-quiet"
                        aria-label={t('invitations.revokeOf', { email: inv.email })}
                        onClick={() => void revoke(inv)}
                      >
                        {t('invitations.revoke')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}
