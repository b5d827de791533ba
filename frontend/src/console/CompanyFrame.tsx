import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useParams } from 'react-router';
import type { Org } from '../api/console';
import { ConsoleFrame, type Crumb } from './ConsoleFrame';

/**
 * A recruiting page of the console, for the company of the address (:orgId): only its
 * owners and staff get past, and children receive it. Its sections are tabs.
 */
export function CompanyFrame({ title, crumbs = [], children }: { title?: string; crumbs?: Crumb[]; children(org: Org): ReactNode }) {
  const { t } = useTranslation();
  const { orgId = '' } = useParams();
  return (
    <ConsoleFrame title={title} crumbs={[{ label: t('console.title'), to: '/console' }, ...crumbs]}>
      {(_, __, recruiting) => {
        const org = recruiting.find((o) => o.id === orgId);
        if (!org) {
          return <p className="notice notice-error">{t('recruit.notYourCompany')}</p>;
        }
        return (
          <>
            <CompanyTabs org={org} />
            {children(org)}
          </>
        );
      }}
    </ConsoleFrame>
  );
}

/** The recruiting sections of a company: its openings and its talent search. */
function CompanyTabs({ org }: { org: Org }) {
  const { t } = useTranslation();
  const base = `/console/orgs/${encodeURIComponent(org.id)}`;
  return (
    <nav aria-label={t('recruit.sections', { name: org.name })} className="console-tabs">
      <ul>
        <li>
          <NavLink to={`${base}/openings`}>{t('recruit.tabOpenings')}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/talent`}>{t('recruit.tabTalent')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/** The console's path of a company's page. */
export function companyPath(orgID: string, ...rest: string[]): string {
  return ['/console/orgs', orgID, ...rest].map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/');
}
