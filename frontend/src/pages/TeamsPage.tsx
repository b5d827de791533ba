import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  acceptTeamInvitation,
  declineTeamInvitation,
  leaveTeam,
  listMyTeamInvitations,
  listMyTeams,
  setTeamSharing,
  type MyTeam,
} from '../api/teams';
import { useAuth } from '../auth/AuthContext';
import { RequireAuth } from '../auth/RequireAuth';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { InvitationAnswers } from '../components/InvitationAnswers';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { shown, useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { CourseProgressList } from './TeamProgressList';

/** An employee's company teams: invitations to answer, and per team what they share with their employer. */
export default function TeamsPage() {
  const { t } = useTranslation();
  usePageTitle(t('teams.title'));
  return (
    <RequireAuth>
      <div className="container page">
        <h1>{t('teams.title')}</h1>
        <p className="lead">{t('teams.lead')}</p>
        <Teams />
      </div>
    </RequireAuth>
  );
}

function Teams() {
  const { user } = useAuth();
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState('');
  const changed = (message: string) => {
    setNotice(message);
    setVersion((v) => v + 1);
  };
  const verified = user?.email_verified !== false;
  return (
    <>
      {notice && (
        <div className="notice notice-success" role="status">
          {notice}
        </div>
      )}
      {verified ? <Invitations version={version} onChange={changed} /> : <p className="empty-state">{t('memberships.unverified')}</p>}
      <MyTeams version={version} onChange={changed} />
    </>
  );
}

function Invitations({ version, onChange }: { version: number; onChange(message: string): void }) {
  const { t } = useTranslation();
  return (
    <section className="section-tight" aria-labelledby="team-invitations-title">
      <InvitationAnswers
        load={listMyTeamInvitations}
        version={String(version)}
        heading="h2"
        headingId="team-invitations-title"
        describe={(inv) => t('teams.invitation', { name: inv.org_name })}
        note={(inv) => t('teams.joinNote', { name: inv.org_name })}
        acceptLabel={t('teams.join')}
        acceptOf={(inv) => t('teams.joinOf', { name: inv.org_name })}
        answer={async (inv, accept) => {
          if (accept) {
            await acceptTeamInvitation(inv.id);
            return t('teams.joined', { name: inv.org_name });
          }
          await declineTeamInvitation(inv.id);
          return t('memberships.declined', { name: inv.org_name });
        }}
        onChange={onChange}
      />
    </section>
  );
}

function MyTeams({ version, onChange }: { version: number; onChange(message: string): void }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => listMyTeams(signal), String(version));
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  const teams = shown(state);
  if (!teams) {
    return <Loading />;
  }
  return (
    <section className="section-tight" aria-labelledby="my-teams-title">
      <h2 id="my-teams-title">{t('teams.myTeams')}</h2>
      {teams.length === 0 && <p className="empty-state">{t('teams.none')}</p>}
      {teams.map((team) => (
        <TeamCard key={team.org_id} team={team} onChange={onChange} />
      ))}
    </section>
  );
}

function TeamCard({ team, onChange }: { team: MyTeam; onChange(message: string): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const headingID = `team-${team.org_id}`;

  const act = async (work: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError('');
    try {
      await work();
      onChange(message);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const leave = () => {
    if (window.confirm(t('teams.confirmLeave', { name: team.org_name }))) {
      void act(() => leaveTeam(team.org_id), t('memberships.left', { name: team.org_name }));
    }
  };

  return (
    <article className="card team-card" aria-labelledby={headingID}>
      <h3 id={headingID}>{team.org_name}</h3>
      <p>{t('teams.joinedOn', { date: format.date(team.joined_at) })}</p>
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      <p className={team.sharing ? 'notice notice-success' : 'notice'}>
        {team.sharing ? t('teams.sharingOn', { name: team.org_name }) : t('teams.sharingOff', { name: team.org_name })}
      </p>
      <ul className="row-actions">
        <li>
          {team.sharing ? (
            <button
              type="button"
              className="button button-quiet"
              disabled={busy}
              onClick={() => void act(() => setTeamSharing(team.org_id, false), t('teams.stopped', { name: team.org_name }))}
            >
              {t('teams.stopSharing', { name: team.org_name })}
            </button>
          ) : (
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void act(() => setTeamSharing(team.org_id, true), t('teams.started', { name: team.org_name }))}
            >
              {t('teams.share', { name: team.org_name })}
            </button>
          )}
        </li>
        <li>
          <button type="button" className="button button-quiet" disabled={busy} onClick={leave}>
            {t('teams.leave', { name: team.org_name })}
          </button>
        </li>
      </ul>
      {team.paths.length === 0 ? (
        <p className="empty-state">{t('teams.noPaths')}</p>
      ) : (
        team.paths.map((path) => (
          <div key={path.path_id}>
            <h4>{path.name}</h4>
            <CourseProgressList
              courses={path.courses}
              link={(c) => (
                <Link to={`/courses/${encodeURIComponent(c.slug)}`} aria-label={t('teams.openCourseOf', { title: c.title || c.slug })}>
                  {t('teams.openCourse')}
                </Link>
              )}
            />
          </div>
        ))
      )}
    </article>
  );
}
