import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { listStaffCourses, listStaffProgrammes, type Org } from '../api/console';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useLabels } from '../i18n/labels';
import { useAsync } from '../lib/useAsync';
import { CompetitionsPanel } from './CompetitionsPanel';
import { ConsoleFrame, CreateOrgLink } from './ConsoleFrame';
import { InvitationsPanel } from './InvitationsPanel';
import { MembersPanel } from './MembersPanel';
import { OrgStatus } from './OrgStatus';
import { TeamLinks } from './TeamLinks';

/**
 * The console's home: each organisation's courses, programmes and competitions, each
 * company's openings and talent search, and the way to revoke a credential.
 */
export default function ConsoleHome() {
  const { t } = useTranslation();
  return (
    <ConsoleFrame title={t('console.title')}>
      {(orgs, all, recruiting) => (
        <>
          <h1>{t('console.title')}</h1>
          <p className="lead">{orgs.length > 0 ? t('console.lead') : t('recruit.consoleLead')}</p>
          {orgs.map((org) => (
            <OrgSection key={org.id} org={org} />
          ))}
          <TeamLinks orgs={all} />
          {recruiting.map((org) => (
            <CompanySection key={org.id} org={org} />
          ))}
          {all
            .filter((org) => !orgs.includes(org) && !recruiting.includes(org))
            .map((org) => (
              <OrgStatus key={org.id} org={org} />
            ))}
          <CreateOrgLink />
          {orgs.length > 0 && (
            <section className="section-tight" aria-labelledby="console-credentials">
              <h2 id="console-credentials">{t('console.credentialsTitle')}</h2>
              <p>{t('console.credentialsBody')}</p>
              <Link to="/console/credentials" className="button button-quiet">
                {t('console.revokeByID')}
              </Link>
            </section>
          )}
        </>
      )}
    </ConsoleFrame>
  );
}

function OrgSection({ org }: { org: Org }) {
  const { t } = useTranslation();
  const headingID = `org-${org.id}`;
  return (
    <section className="section-tight" aria-labelledby={headingID}>
      <h2 id={headingID}>{org.name}</h2>
      <Courses org={org} />
      <Programmes org={org} />
      <CompetitionsPanel org={org} />
      {org.role === 'owner' && <InvitationsPanel org={org} />}
      <MembersPanel org={org} />
      <ul className="row-actions">
        <li>
          <Link to={`/console/institutions/${encodeURIComponent(org.slug)}`}>{t('orgs.editProfile', { name: org.name })}</Link>
        </li>
        <li>
          <Link to={`/institutions/${encodeURIComponent(org.slug)}`}>{t('console.publicProfile', { name: org.name })}</Link>
        </li>
      </ul>
    </section>
  );
}

/** A company: the way to its openings, its talent search and the contests of its matches, and its people. */
function CompanySection({ org }: { org: Org }) {
  const { t } = useTranslation();
  const headingID = `org-${org.id}`;
  const base = `/console/orgs/${encodeURIComponent(org.id)}`;
  return (
    <section className="section-tight" aria-labelledby={headingID}>
      <h2 id={headingID}>{org.name}</h2>
      <p>{t('recruit.companyBody')}</p>
      <ul className="row-actions">
        <li>
          <Link to={`${base}/openings`} className="button button-primary">
            {t('recruit.openingsOf', { name: org.name })}
          </Link>
        </li>
        <li>
          <Link to={`${base}/talent`} className="button button-quiet">
            {t('recruit.searchOf', { name: org.name })}
          </Link>
        </li>
      </ul>
      {org.role === 'owner' && <InvitationsPanel org={org} />}
      <MembersPanel org={org} />
    </section>
  );
}

function Courses({ org }: { org: Org }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const state = useAsync((signal) => listStaffCourses(org.slug, signal), org.slug);
  const headingID = `courses-${org.id}`;
  return (
    <>
      <div className="section-head">
        <h3 id={headingID}>{t('console.coursesTitle')}</h3>
        <Link to={`/console/courses/new?institution=${encodeURIComponent(org.slug)}`} className="button button-primary">
          {t('console.newCourse')}
        </Link>
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ListError error={state.error} org={org} />}
      {state.status === 'success' &&
        (state.data.length === 0 ? (
          <p className="empty-state">{t('console.noCourses')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-labelledby={headingID}>
              <thead>
                <tr>
                  <th scope="col">{t('console.colTitle')}</th>
                  <th scope="col">{t('console.colStatus')}</th>
                  <th scope="col">{t('console.colLevel')}</th>
                  <th scope="col">{t('console.colCredential')}</th>
                  <th scope="col">{t('console.colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`/console/courses/${encodeURIComponent(c.slug)}`} lang={c.language}>
                        {c.title}
                      </Link>
                    </th>
                    <td>
                      {c.version > 0 ? (
                        <span className="status status-published">{t('console.publishedVersion', { version: c.version })}</span>
                      ) : (
                        <span className="status status-draft">{t('console.status.draft')}</span>
                      )}
                    </td>
                    <td>{c.level ? labels.of('level', c.level) : '—'}</td>
                    <td>{c.credential ? t('common.yes') : t('common.no')}</td>
                    <td>
                      <ul className="row-actions">
                        <li>
                          <Link
                            to={`/console/courses/${encodeURIComponent(c.slug)}/content`}
                            aria-label={t('console.contentOf', { title: c.title })}
                          >
                            {t('console.tabContent')}
                          </Link>
                        </li>
                        <li>
                          <Link
                            to={`/console/courses/${encodeURIComponent(c.slug)}/gradebook`}
                            aria-label={t('console.gradebookOf', { title: c.title })}
                          >
                            {t('console.tabGradebook')}
                          </Link>
                        </li>
                      </ul>
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

function Programmes({ org }: { org: Org }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const state = useAsync((signal) => listStaffProgrammes(org.slug, signal), org.slug);
  const headingID = `programmes-${org.id}`;
  return (
    <>
      <div className="section-head">
        <h3 id={headingID}>{t('console.programmesTitle')}</h3>
        <Link to={`/console/programmes/new?institution=${encodeURIComponent(org.slug)}`} className="button button-quiet">
          {t('console.newProgramme')}
        </Link>
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ListError error={state.error} org={org} />}
      {state.status === 'success' &&
        (state.data.length === 0 ? (
          <p className="empty-state">{t('console.noProgrammes')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-labelledby={headingID}>
              <thead>
                <tr>
                  <th scope="col">{t('console.colTitle')}</th>
                  <th scope="col">{t('console.colStatus')}</th>
                  <th scope="col">{t('console.colCycle')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`/console/programmes/${encodeURIComponent(p.slug)}`}>{p.title}</Link>
                    </th>
                    <td>
                      <span className={`status status-${p.status}`}>{t(`console.status.${p.status}`, { defaultValue: p.status })}</span>
                    </td>
                    <td>{p.cycle ? labels.of('cycle', p.cycle) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}

/** Why a list failed; an institution without its profile gets the way to create it. */
function ListError({ error, org }: { error: unknown; org: Org }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.errors?.some((e) => e.field === 'institution')) {
    return (
      <p className="notice">
        {t('orgs.noProfile')}{' '}
        <Link to={`/console/institutions/${encodeURIComponent(org.slug)}`}>{t('orgs.editProfile', { name: org.name })}</Link>
      </p>
    );
  }
  return <ErrorNotice error={error} />;
}
