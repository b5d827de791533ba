import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { leaveOrg, listMyOrgs, type Org } from '../api/console';
import { acceptInvitation, declineInvitation, listMyInvitations } from '../api/endpoints';
import type { MyInvitation, User } from '../api/types';
import { forgetOrgs } from '../components/ConsoleNavLink';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { InvitationAnswers } from '../components/InvitationAnswers';
import { Loading } from '../components/Loading';
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
  if (user.email_verified === false) {
    return <p className="empty-state">{t('memberships.unverified')}</p>;
  }
  return (
    <InvitationAnswers
      load={listMyInvitations}
      version={String(version)}
      heading="h3"
      headingId="invitations-title"
      describe={(inv: MyInvitation) => t('memberships.invitation', { name: inv.org_name, role: roleName(t, inv.role) })}
      acceptLabel={t('memberships.accept')}
      acceptOf={(inv) => t('memberships.acceptOf', { name: inv.org_name })}
      answer={async (inv, accept) => {
        if (accept) {
          await acceptInvitation(inv.id);
          return t('memberships.accepted', { name: inv.org_name });
        }
        await declineInvitation(inv.id);
        return t('memberships.declined', { name: inv.org_name });
      }}
      onChange={onChange}
    />
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
