import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { getProfile, type Profile } from '../api/talent';
import { useAuth } from '../auth/AuthContext';
import { RequireAuth } from '../auth/RequireAuth';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** The sections of the talent pool a learner moves between. */
export function TalentTabs() {
  const { t } = useTranslation();
  const { status } = useAuth();
  return (
    <nav aria-label={t('talent.sections')} className="console-tabs">
      <ul>
        <li>
          <NavLink to="/talent" end>
            {t('talent.tabOverview')}
          </NavLink>
        </li>
        {status === 'signed-in' && (
          <>
            <li>
              <NavLink to="/talent/profile">{t('talent.tabProfile')}</NavLink>
            </li>
            <li>
              <NavLink to="/talent/matches">{t('talent.tabMatches')}</NavLink>
            </li>
            <li>
              <NavLink to="/talent/contacts">{t('talent.tabContacts')}</NavLink>
            </li>
          </>
        )}
        <li>
          <NavLink to="/talent/how-matching-works">{t('talent.tabHow')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/**
 * A learner's page of the talent pool: signed in only, with the sections' tabs. children
 * get the learner's profile and a way to replace it with the one a change answered; with needsPool, a learner outside
 * the pool is sent to join first.
 */
export function TalentFrame({
  title,
  lead,
  needsPool = false,
  children,
}: {
  title: string;
  lead?: string;
  needsPool?: boolean;
  children(profile: Profile, update: (profile: Profile) => void): ReactNode;
}) {
  usePageTitle(title);
  return (
    <RequireAuth>
      <div className="container page talent">
        <h1>{title}</h1>
        {lead && <p className="lead">{lead}</p>}
        <TalentTabs />
        <LoadedProfile needsPool={needsPool}>{children}</LoadedProfile>
      </div>
    </RequireAuth>
  );
}

function LoadedProfile({
  needsPool,
  children,
}: {
  needsPool: boolean;
  children(profile: Profile, update: (profile: Profile) => void): ReactNode;
}) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const state = useAsync((signal) => getProfile(signal), user?.id ?? '');
  const [changed, setChanged] = useState<Profile | null>(null);
  if (state.status === 'loading') {
    return <Loading />;
  }
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  const profile = changed ?? state.data;
  if (needsPool && !profile.in_pool) {
    return (
      <div className="notice notice-info">
        <p>{t('talent.notInPool')}</p>
        <Link to="/talent" className="button button-primary">
          {t('talent.goJoin')}
        </Link>
      </div>
    );
  }
  return children(profile, setChanged);
}
