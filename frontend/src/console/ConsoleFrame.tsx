import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import type { Org } from '../api/console';
import { RequireAuth } from '../auth/RequireAuth';
import { useStaffOrgs } from '../components/ConsoleNavLink';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { usePageTitle } from '../lib/usePageTitle';
import { OrgStatus } from './OrgStatus';
import { TeamLinks } from './TeamLinks';

/** A step back up the console: a label and where it leads. */
export interface Crumb {
  label: string;
  to: string;
}

/**
 * A console page: for signed-in owners and staff of a verified organisation only,
 * with the way back up to the console home. children receive the organisations
 * the person may author for, all of them, and the companies they may recruit for,
 * and render (and load what they show) only then. Pages whose title depends on
 * what they load set it themselves.
 */
export function ConsoleFrame({
  title,
  crumbs = [],
  children,
}: {
  title?: string;
  crumbs?: Crumb[];
  children(orgs: Org[], all: Org[], recruiting: Org[]): ReactNode;
}) {
  const { t } = useTranslation();
  usePageTitle(title ?? t('console.title'));
  return (
    <RequireAuth>
      <div className="container page console">
        <StaffOnly crumbs={crumbs}>{children}</StaffOnly>
      </div>
    </RequireAuth>
  );
}

function StaffOnly({ crumbs, children }: { crumbs: Crumb[]; children(orgs: Org[], all: Org[], recruiting: Org[]): ReactNode }) {
  const { t } = useTranslation();
  const orgs = useStaffOrgs();
  if (orgs.status === 'loading') {
    return <Loading />;
  }
  if (orgs.status === 'error') {
    return <ErrorNotice error={orgs.error} />;
  }
  if (orgs.orgs.length + orgs.recruiting.length === 0) {
    return (
      <>
        <h1>{t('console.title')}</h1>
        <p className="lead">{orgs.all.length === 0 ? t('console.noOrganisation') : t('console.cannotAuthorYet')}</p>
        <TeamLinks orgs={orgs.all} />
        {orgs.all.map((org) => (
          <OrgStatus key={org.id} org={org} />
        ))}
        <CreateOrgLink />
      </>
    );
  }
  return (
    <>
      {crumbs.length > 0 && (
        <nav aria-label={t('console.breadcrumb')} className="console-crumbs">
          <ol>
            {crumbs.map((c) => (
              <li key={c.to}>
                <Link to={c.to}>{c.label}</Link>
              </li>
            ))}
          </ol>
        </nav>
      )}
      {children(orgs.orgs, orgs.all, orgs.recruiting)}
    </>
  );
}

/** The way to register another organisation. */
export function CreateOrgLink() {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/console/organisations/new" className="button button-quiet">
        {t('orgs.createTitle')}
      </Link>
    </p>
  );
}

/** The sections of a course in the console: its details, its content and its gradebook. */
export function CourseTabs({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const base = `/console/courses/${encodeURIComponent(slug)}`;
  return (
    <nav aria-label={t('console.courseSections')} className="console-tabs">
      <ul>
        <li>
          <NavLink to={base} end>
            {t('console.tabDetails')}
          </NavLink>
        </li>
        <li>
          <NavLink to={`${base}/content`}>{t('console.tabContent')}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/gradebook`}>{t('console.tabGradebook')}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/reviews`}>{t('teaching.tabReviews')}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/cohorts`}>{t('teaching.tabCohorts')}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/insight`}>{t('teaching.tabInsight')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/** The sections of a competition in the console: its details, data, submissions, integrity flags and audit log. */
export function CompetitionTabs({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const base = `/console/competitions/${encodeURIComponent(slug)}`;
  return (
    <nav aria-label={t('hosting.sections')} className="console-tabs">
      <ul>
        <li>
          <NavLink to={base} end>
            {t('console.tabDetails')}
          </NavLink>
        </li>
        <li>
          <NavLink to={`${base}/data`}>{t('hosting.tabData')}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/submissions`}>{t('hosting.tabSubmissions')}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/flags`}>{t('hosting.tabFlags')}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/audit`}>{t('hosting.tabAudit')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/** A course's or programme's status (draft, published, archived) as a badge. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`status status-${status}`}>{t(`console.status.${status}`, { defaultValue: status })}</span>;
}
