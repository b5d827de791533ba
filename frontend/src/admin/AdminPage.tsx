import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { RequireAuth } from '../auth/RequireAuth';
import { usePageTitle } from '../lib/usePageTitle';

/**
 * The administrators' console (/admin): its tabs, each a route of its own so
 * links and reloads land on it. Anyone else signed in is told it is for
 * administrators only; anyone signed out is sent to sign in first.
 */
export default function AdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.title'));
  return (
    <RequireAuth>
      <div className="container page console">
        <AdminsOnly />
      </div>
    </RequireAuth>
  );
}

function AdminsOnly() {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user?.admin) {
    return (
      <>
        <h1>{t('admin.title')}</h1>
        <div className="notice notice-error" role="alert">
          {t('admin.adminsOnly')}
        </div>
      </>
    );
  }
  const tabs = [
    { to: '/admin', label: t('admin.tabQueue'), end: true },
    { to: '/admin/organisations', label: t('admin.tabOrgs') },
    { to: '/admin/users', label: t('admin.tabUsers') },
    { to: '/admin/moderation', label: t('admin.tabModeration') },
    { to: '/admin/audit', label: t('admin.tabAudit') },
    { to: '/admin/platform', label: t('admin.tabPlatform') },
  ];
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <p className="lead">{t('admin.lead')}</p>
      <nav aria-label={t('admin.sections')} className="console-tabs">
        <ul>
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to} end={tab.end}>
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
