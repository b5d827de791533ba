import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { leaveOrg, listMyOrgs, type Org } from '../api/console';
import { acceptInvitation, declineInvitation, listMyInvitations } from '../api/endpoints';
import type { MyInvitation, User } from '../api/types';
import { forgetOrgs } from '../components/ConsoleNavLink';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { shown, useAsync } from '../lib/useAsync';

/** The invitations to the person's address and the organisations they belong to, with the way to answer and to leave. */
export function OrganisationsSection({ user }: { user: User }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState('');
  const changed = (message: string) => {
    forgetOrgs();
    setNotice(message);
    setVersion((v) => v + 1);
  };
  return (
    <section className="section-tight" aria-labelledby="orgs-title">
      <h2 id="orgs-title">{t('memberships.title')}</h2>
      {notice && (
        <div className="notice notice-success" role="status">
          {notice}
        </div>
      )}
      <Invitations user={user} version={version} onChange={changed} />
      <Memberships version={version} onChange={changed} />
    </section>
  );
}

function roleName(t: (key: string) => string, role: string): string {
  return role === 'owner' || role === 'staff' ? t(`memberships.role.${role}`) : role;
}

function Invitations({ user, version, onChange }: { user: User; version: number; onChange(message: string): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const verified = user.email_verified !== false;
  const state = useAsync((signal) => (verified ? listMyInvitations(signal) : Promise.resolve([])), `${verified}:${version}`);
  if (!verified) {
    return <p className="empty-state">{t('memberships.unverified')}</p>;
  }
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  const invitations = shown(state);
  if (!invitations) {
    return <Loading />;
  }
  if (invitations.length === 0) {
    return null;
  }

  const answer = async (inv: MyInvitation, accept: boolean) => {
    setBusy(inv.id);
    setError('');
    try {
      if (accept) {
        await acceptInvitation(inv.id);
        onChange(t('memberships.accepted', { name: inv.org_name }));
      } else {
        await declineInvitation(inv.id);
        onChange(t('memberships.declined', { name: inv.org_name }));
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy('');
    }
  };

  return (
    <>
      <h3 id="invitations-title">{t('memberships.invitationsTitle')}</h3>
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      <ul className="membership-list" aria-labelledby="invitations-title">
        {invitations.map((inv) => (
          <li key={inv.id}>
            <p>
              {t('memberships.invitation', { name: inv.org_name, role: roleName(t, inv.role) })}{' '}
              <span className="membership-role">{t('memberships.expires', { date: format.date(inv.expires_at) })}</span>
            </p>
            <ul className="row-actions">
              <li>
                <button
                  type="button"
                  className="button button-primary"
                  disabled={busy === inv.id}
                  aria-label={t('memberships.acceptOf', { name: inv.org_name })}
                  onClick={() => void answer(inv, true)}
                >
                  {t('memberships.accept')}
                </button>
              </li>
              <li>
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={busy === inv.id}
                  aria-label={t('memberships.declineOf', { name: inv.org_name })}
                  onClick={() => void answer(inv, false)}
                >
                  {t('memberships.decline')}
                </button>
              </li>
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}

function Memberships({ version, onChange }: { version: number; onChange(message: string): void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const state = useAsync((signal) => listMyOrgs(signal), String(version));
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  const orgs = shown(state);
  if (!orgs) {
    return <Loading />;
  }

  const leave = async (org: Org) => {
    if (!window.confirm(t('memberships.confirmLeave', { name: org.name }))) {
      return;
    }
    setBusy(org.id);
    setError('');
    try {
      await leaveOrg(org.id);
      onChange(t('memberships.left', { name: org.name }));
    } catch (err) {
      const lastOwner = err instanceof ApiError && err.status === 409;
      setError(lastOwner ? t('memberships.lastOwner', { name: org.name }) : errorMessage(err));
    } finally {
      setBusy('');
    }
  };

  return (
    <>
      <h3 id="memberships-title">{t('memberships.orgsTitle')}</h3>
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      {orgs.length === 0 && <p className="empty-state">{t('memberships.none')}</p>}
      <p>
        <Link to="/console/organisations/new">{t('orgs.createTitle')}</Link>
      </p>
      {orgs.length > 0 && (
        <ul className="membership-list" aria-labelledby="memberships-title">
          {orgs.map((org) => (
            <li key={org.id}>
              <p>
                {org.name} <span className="membership-role">{roleName(t, org.role ?? '')}</span>
              </p>
              <button
                type="button"
                className="button button-quiet"
                disabled={busy === org.id}
                onClick={() => void leave(org)}
              >
                {t('memberships.leave', { name: org.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
