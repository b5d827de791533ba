import { useEffect, useEffectEvent, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import {
  acceptInvitation,
  declineInvitation,
  inviteToTeam,
  leaveTeam,
  listInvitations,
  problemCode,
  renameTeam,
  TEAM_PROBLEMS,
  type Entry,
  type Invitation,
  type Invitations,
} from '../api/competitions';
import { useAuth } from '../auth/AuthContext';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { TextField } from '../components/TextField';
import { useFormat } from '../i18n/format';
import { useCompetition } from './context';
import { JoinForm } from './JoinForm';

/** The longest team name the form takes. */
const MAX_TEAM_NAME = 80;

/** The competition statuses in which teams may still change. */
const TEAMS_OPEN = ['upcoming', 'running'];

/** My team: who is in it, its name, invitations sent and received, and leaving it. */
export default function TeamTab() {
  const { t } = useTranslation();
  const { entry } = useCompetition();
  return (
    <section aria-labelledby="competition-team">
      <h2 id="competition-team">{t('competition.tabTeam')}</h2>
      {entry ? (
        <Team entry={entry} />
      ) : (
        <>
          <p>{t('competition.acceptToTeam')}</p>
          <JoinForm />
        </>
      )}
    </section>
  );
}

/**
 * Why a team change was refused, in words the participant can act on: the
 * server's codes the web app knows, and the server's own words for the rest.
 */
function useTeamProblem(): (error: unknown) => string {
  const { t } = useTranslation();
  const format = useFormat();
  const message = useErrorMessage();
  const { competition } = useCompetition();
  return (error: unknown) => {
    if (error instanceof ApiError) {
      const code = problemCode(error.problem);
      if ((TEAM_PROBLEMS as readonly string[]).includes(code)) {
        return t(`competition.teamProblem.${code}`, {
          limit: format.number(competition.team_size_limit),
          time: competition.merger_deadline ? format.date(competition.merger_deadline, { dateStyle: 'medium', timeStyle: 'short' }) : '—',
        });
      }
    }
    return message(error);
  };
}

function Team({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { competition } = useCompetition();
  const [announcement, setAnnouncement] = useState('');
  const open = TEAMS_OPEN.includes(competition.status) && !entry.team.disqualified;
  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      {entry.team.disqualified && (
        <p className="notice notice-error">
          {t('competition.teamDisqualified')} {entry.team.disqualified_reason}
        </p>
      )}
      <h3 id="team-members">{t('competition.members', { count: entry.team.members.length })}</h3>
      <ul aria-labelledby="team-members">
        {entry.team.members.map((m) => (
          <li key={m.user_id}>{m.name}</li>
        ))}
      </ul>
      {user && (
        <p>
          {t('competition.yourUserId')} <code>{user.id}</code>
        </p>
      )}
      <RenameForm key={`rename:${entry.team.id}`} entry={entry} />
      <TeamInvitations key={`invitations:${entry.team.id}`} entry={entry} open={open} announce={setAnnouncement} />
      {open && entry.team.members.length > 1 && <LeaveTeam entry={entry} announce={setAnnouncement} />}
    </>
  );
}

function RenameForm({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const { competition, setEntry } = useCompetition();
  const [name, setName] = useState(entry.team.name);
  const [nameError, setNameError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (!name.trim()) {
      setNameError(t('competition.teamNameRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const team = await renameTeam(competition.slug, name.trim());
      setEntry({ ...entry, team });
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="team-rename">
      <h3 id="team-rename">{t('competition.renameTitle')}</h3>
      {error !== null && <ErrorNotice error={error} />}
      <TextField
        id="team-name"
        label={t('competition.teamName')}
        value={name}
        onChange={(v) => {
          setName(v);
          setNameError(undefined);
        }}
        maxLength={MAX_TEAM_NAME}
        error={nameError}
        required
      />
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('competition.rename')}
      </button>
      <p role="status">{saved ? t('competition.renamed', { name: entry.team.name }) : ''}</p>
    </form>
  );
}

/** An invitation's status in words. */
function InvitationStatus({ invitation }: { invitation: Invitation }) {
  const { t } = useTranslation();
  const className = invitation.status === 'accepted' ? 'status-valid' : invitation.status === 'declined' ? 'status-invalid' : 'status-draft';
  return <span className={`status ${className}`}>{t(`competition.invitationStatus.${invitation.status}`)}</span>;
}

/** Inviting participants to my team, and the invitations I received, to accept or decline. */
function TeamInvitations({ entry, open, announce }: { entry: Entry; open: boolean; announce(message: string): void }) {
  const { t } = useTranslation();
  const { competition, setEntry } = useCompetition();
  const teamProblem = useTeamProblem();
  const [invitations, setInvitations] = useState<Invitations | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [decideError, setDecideError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const decideErrorRef = useRef<HTMLDivElement>(null);
  const slug = competition.slug;

  const onLoaded = useEffectEvent((v: Invitations) => setInvitations(v));
  useEffect(() => {
    const controller = new AbortController();
    listInvitations(slug, controller.signal).then(onLoaded, (err: unknown) => {
      if (!controller.signal.aborted) {
        setLoadError(err);
      }
    });
    return () => controller.abort();
  }, [slug]);

  useEffect(() => {
    if (decideError) {
      decideErrorRef.current?.focus();
    }
  }, [decideError]);

  const invited = (inv: Invitation) => {
    setInvitations((v) => v && { ...v, sent: [inv, ...v.sent.filter((s) => s.id !== inv.id)] });
    announce(t('competition.invited', { name: inv.invitee_name }));
  };

  const accept = async (inv: Invitation) => {
    setBusy(inv.id);
    setDecideError(null);
    try {
      const team = await acceptInvitation(slug, inv.id);
      setEntry({ ...entry, team });
      announce(t('competition.joinedTeam', { team: team.name }));
    } catch (err) {
      setDecideError(teamProblem(err));
    } finally {
      setBusy(null);
    }
  };

  const decline = async (inv: Invitation) => {
    setBusy(inv.id);
    setDecideError(null);
    try {
      const declined = await declineInvitation(slug, inv.id);
      setInvitations((v) => v && { ...v, received: v.received.map((r) => (r.id === declined.id ? declined : r)) });
      announce(t('competition.declined', { team: inv.team_name }));
    } catch (err) {
      setDecideError(teamProblem(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {open && <InviteForm onInvited={invited} />}
      <section aria-labelledby="invitations-received">
        <h3 id="invitations-received">{t('competition.invitationsReceived')}</h3>
        <p>{t('competition.acceptExplained')}</p>
        {decideError && (
          <div ref={decideErrorRef} className="notice notice-error" role="alert" tabIndex={-1}>
            {decideError}
          </div>
        )}
        {loadError !== null && <ErrorNotice error={loadError} />}
        {invitations === null && loadError === null && <Loading />}
        {invitations?.received.length === 0 && <p className="empty-state">{t('competition.noInvitationsReceived')}</p>}
        {invitations && invitations.received.length > 0 && (
          <ul className="invitation-list">
            {invitations.received.map((inv) => (
              <li key={inv.id}>
                {t('competition.invitedBy', { team: inv.team_name })} <InvitationStatus invitation={inv} />
                {inv.status === 'pending' && open && (
                  <span className="form-actions">
                    <button type="button" className="button button-small button-primary" disabled={busy !== null} onClick={() => void accept(inv)}>
                      {t('competition.acceptInvitation')} <span className="visually-hidden">{inv.team_name}</span>
                    </button>
                    <button type="button" className="button button-small button-quiet" disabled={busy !== null} onClick={() => void decline(inv)}>
                      {t('competition.declineInvitation')} <span className="visually-hidden">{inv.team_name}</span>
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="invitations-sent">
        <h3 id="invitations-sent">{t('competition.invitationsSent')}</h3>
        {invitations?.sent.length === 0 && <p className="empty-state">{t('competition.noInvitationsSent')}</p>}
        {invitations && invitations.sent.length > 0 && (
          <ul className="invitation-list">
            {invitations.sent.map((inv) => (
              <li key={inv.id}>
                {inv.invitee_name} <InvitationStatus invitation={inv} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** Invites a participant by the email address of their account or the user id they read on their own Team tab. */
function InviteForm({ onInvited }: { onInvited(inv: Invitation): void }) {
  const { t } = useTranslation();
  const { competition } = useCompetition();
  const teamProblem = useTeamProblem();
  const [userId, setUserId] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (error) {
      formRef.current?.querySelector<HTMLElement>('[data-form-alert]')?.focus();
    }
  }, [error]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!userId.trim()) {
      setFieldError(t('competition.inviteUserRequired'));
      formRef.current?.querySelector<HTMLElement>('#invite-user')?.focus();
      return;
    }
    setBusy(true);
    try {
      const who = userId.trim();
      onInvited(await inviteToTeam(competition.slug, who.includes('@') ? { email: who } : { user_id: who }));
      setUserId('');
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors() : {};
      const field = fields.email ?? fields.user_id;
      if (field) {
        setFieldError(field.charAt(0).toUpperCase() + field.slice(1));
        formRef.current?.querySelector<HTMLElement>('#invite-user')?.focus();
      } else {
        setError(teamProblem(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="team-invite">
      <h3 id="team-invite">{t('competition.inviteTitle')}</h3>
      <p>{t('competition.inviteLead', { limit: competition.team_size_limit })}</p>
      {error && (
        <div className="notice notice-error" role="alert" tabIndex={-1} data-form-alert>
          {error}
        </div>
      )}
      <TextField
        id="invite-user"
        label={t('competition.inviteUser')}
        hint={t('competition.inviteUserHint')}
        value={userId}
        onChange={(v) => {
          setUserId(v);
          setFieldError(undefined);
        }}
        error={fieldError}
        autoComplete="off"
        required
      />
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('competition.invite')}
      </button>
    </form>
  );
}

/** Leaving the team for a team of one, which the server allows only before the team's first submission. */
function LeaveTeam({ entry, announce }: { entry: Entry; announce(message: string): void }) {
  const { t } = useTranslation();
  const { competition, setEntry } = useCompetition();
  const teamProblem = useTeamProblem();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) {
      errorRef.current?.focus();
    }
  }, [error]);

  const leave = async () => {
    setBusy(true);
    setError(null);
    try {
      const team = await leaveTeam(competition.slug);
      setEntry({ ...entry, team });
      announce(t('competition.left', { team: entry.team.name }));
    } catch (err) {
      setError(teamProblem(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="team-leave">
      <h3 id="team-leave">{t('competition.leaveTitle')}</h3>
      <p>{t('competition.leaveLead')}</p>
      {error && (
        <div ref={errorRef} className="notice notice-error" role="alert" tabIndex={-1}>
          {error}
        </div>
      )}
      <button type="button" className="button button-quiet button-danger" disabled={busy} onClick={() => void leave()}>
        {t('competition.leave')}
      </button>
    </section>
  );
}
