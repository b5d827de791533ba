import { useEffect, useEffectEvent, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  disqualifyTeam,
  finaliseCompetition,
  listAudit,
  listHostSubmissions,
  reinstateTeam,
  submitBaseline,
  SUBMISSION_ACCEPT,
  type AuditEntry,
  type Competition,
  type Submission,
} from '../api/competitions';
import type { Page } from '../api/types';
import { useScore } from '../competitions/labels';
import { PhaseSelect } from '../competitions/PhaseSelect';
import { UploadProgressBar } from '../competitions/UploadProgressBar';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { TextField } from '../components/TextField';
import { useFormat } from '../i18n/format';
import { FileRefusal } from './FileRefusal';
import { HostedCompetition } from './HostedCompetition';
import { ReasonForm } from './ReasonForm';
import { useUpload } from './useUpload';

/** How often the host's list asks for new submissions and statuses while teams may still submit or be scored, in milliseconds. */
export const HOST_REFRESH_MS = 5000;

/** The audit entries read to tell which teams are disqualified now: the newest page, at its largest. */
const AUDIT_PAGE = 100;

/** Every team's submissions, refreshed live, disqualifying teams, the host's baseline and finalising the results (/console/competitions/:slug/submissions). */
export default function CompetitionSubmissionsPage() {
  const { slug = '' } = useParams();
  return (
    <HostedCompetition slug={slug}>
      {(c) => (
        <>
          <Finalise competition={c} />
          <HostSubmissions competition={c} />
        </>
      )}
    </HostedCompetition>
  );
}

/** The newest page, then the older submissions already shown that it does not hold. */
function merge(first: Submission[], shown: Submission[]): Submission[] {
  const ids = new Set(first.map((s) => s.id));
  return [...first, ...shown.filter((s) => !ids.has(s.id))];
}

/** A team's standing as the host's last decision on it left it. */
interface Standing {
  disqualified: boolean;
}

/** The teams' standings from the audit log, newest first: each team's latest disqualification or reinstatement counts. */
function standings(entries: AuditEntry[]): Map<string, Standing> {
  const found = new Map<string, Standing>();
  for (const e of entries) {
    if (e.team_id && !found.has(e.team_id) && (e.action === 'disqualify' || e.action === 'reinstate')) {
      found.set(e.team_id, { disqualified: e.action === 'disqualify' });
    }
  }
  return found;
}

/** The decision the host is writing the reason of. */
interface Deciding {
  teamId: string;
  /** The team's name, as the host reads it. */
  teamName: string;
  disqualify: boolean;
}

function HostSubmissions({ competition }: { competition: Competition }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [items, setItems] = useState<Submission[] | null>(null);
  const [teams, setTeams] = useState<Map<string, Standing>>(new Map());
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [auditError, setAuditError] = useState<unknown>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const slug = competition.slug;
  const live = competition.status === 'running' || competition.status === 'finalising';

  const onFirstPage = useEffectEvent((page: Page<Submission>) => {
    setError(null);
    if (items === null) {
      setNextCursor(page.next_cursor);
    }
    setItems((prev) => merge(page.items, prev ?? []));
    setUpdatedAt(new Date());
  });
  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      listHostSubmissions(slug, undefined, controller.signal).then(onFirstPage, (err: unknown) => {
        if (!controller.signal.aborted) {
          setError(err);
        }
      });
    void load();
    if (!live) {
      return () => controller.abort();
    }
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') {
        void load();
      }
    }, HOST_REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [slug, live]);

  const onAudit = useEffectEvent((page: Page<AuditEntry>) => setTeams((known) => new Map([...standings(page.items), ...known])));
  useEffect(() => {
    const controller = new AbortController();
    listAudit(slug, undefined, controller.signal, AUDIT_PAGE).then(onAudit, (err: unknown) => {
      if (!controller.signal.aborted) {
        setAuditError(err);
      }
    });
    return () => controller.abort();
  }, [slug]);

  // The form gives way to the list: focus goes back to its heading rather than being lost.
  const close = () => {
    setDeciding(null);
    headingRef.current?.focus();
  };
  const decide = async ({ teamId, disqualify }: Deciding, reason: string) => {
    const team = await (disqualify ? disqualifyTeam : reinstateTeam)(slug, teamId, reason);
    setTeams((known) => new Map(known).set(teamId, { disqualified: team.disqualified }));
    close();
    setAnnouncement(t(disqualify ? 'hosting.teamDisqualified' : 'hosting.teamReinstated', { team: team.name }));
  };

  const loadMore = (cursor: string) =>
    listHostSubmissions(slug, cursor).then((page) => {
      setItems((prev) => [...(prev ?? []), ...page.items.filter((s) => !prev?.some((p) => p.id === s.id))]);
      setNextCursor(page.next_cursor);
    }, setError);

  const open = competition.status !== 'finished' && competition.status !== 'finalising';
  return (
    <>
      {open && <BaselineUpload competition={competition} onSubmitted={(b) => setItems((prev) => merge([b], prev ?? []))} />}
      <section className="section-tight" aria-labelledby="host-submissions">
        <h2 id="host-submissions" ref={headingRef} tabIndex={-1}>
          {t('hosting.submissionsTitle')}
        </h2>
        <p className="visually-hidden" role="status">
          {announcement}
        </p>
        <p>{t('hosting.submissionsLead')}</p>
        {live && updatedAt && (
          <p className="field-hint">{t('hosting.updatedAt', { time: format.date(updatedAt, { timeStyle: 'medium' }) })}</p>
        )}
        {error !== null && <ErrorNotice error={error} />}
        {auditError !== null && <ErrorNotice error={auditError} />}
        {items === null && error === null && <Loading />}
        {items?.length === 0 && <p className="empty-state">{t('hosting.noSubmissions')}</p>}
        {items && items.length > 0 && (
          <SubmissionTable competition={competition} items={items} teams={teams} onDecide={open ? setDeciding : undefined} />
        )}
        {nextCursor && (
          <p className="actions">
            <button type="button" className="button button-quiet" onClick={() => void loadMore(nextCursor)}>
              {t('competition.moreSubmissions')}
            </button>
          </p>
        )}
        {deciding && (
          <ReasonForm
            key={`${deciding.teamId}:${deciding.disqualify}`}
            id="team-decision"
            title={t(deciding.disqualify ? 'hosting.disqualifyTitle' : 'hosting.reinstateTitle', { team: deciding.teamName })}
            submitLabel={t(deciding.disqualify ? 'hosting.disqualifyNow' : 'hosting.reinstateNow')}
            send={(reason) => decide(deciding, reason)}
            onCancel={close}
          >
            <p>{t(deciding.disqualify ? 'hosting.disqualifyWhat' : 'hosting.reinstateWhat')}</p>
          </ReasonForm>
        )}
      </section>
    </>
  );
}

function SubmissionTable({
  competition,
  items,
  teams,
  onDecide,
}: {
  competition: Competition;
  items: Submission[];
  teams: Map<string, Standing>;
  /** Opens the form of a disqualification or reinstatement; none once the board is frozen. */
  onDecide?(d: Deciding): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const score = useScore();
  const phaseTitle = (id: string) => competition.phases.find((p) => p.id === id)?.title ?? id;
  const shown = (n: number | undefined) => (n === undefined ? '—' : score(n));
  return (
    <div className="table-scroll">
      <table className="data-table" aria-labelledby="host-submissions">
        <thead>
          <tr>
            <th scope="col">{t('competition.colSubmitted')}</th>
            <th scope="col">{t('hosting.colTeam')}</th>
            <th scope="col">{t('competition.colFile')}</th>
            {competition.phases.length > 1 && <th scope="col">{t('competition.phase')}</th>}
            <th scope="col">{t('competition.colStatus')}</th>
            <th scope="col">{t('competition.colPublicScore')}</th>
            <th scope="col">{t('competition.colPrivateScore')}</th>
            {onDecide && <th scope="col">{t('console.colActions')}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td>{format.date(s.created_at, { dateStyle: 'medium', timeStyle: 'short' })}</td>
              <th scope="row">
                {s.baseline ? (
                  <>
                    {s.baseline_name} <span className="status status-draft">{t('competition.baseline')}</span>
                  </>
                ) : (
                  <>
                    {s.team_name ?? s.team_id}
                    {teams.get(s.team_id)?.disqualified && (
                      <>
                        {' '}
                        <span className="status status-invalid">{t('hosting.disqualified')}</span>
                      </>
                    )}
                  </>
                )}
              </th>
              <td>
                {s.file_name ?? '—'}
                {s.description && <span className="field-hint"> {s.description}</span>}
              </td>
              {competition.phases.length > 1 && <td>{phaseTitle(s.phase_id)}</td>}
              <td>
                <Status submission={s} />
              </td>
              <td>{shown(s.public_score)}</td>
              <td>{shown(s.private_score)}</td>
              {onDecide && (
                <td>
                  {!s.baseline && (
                    <TeamAction teamId={s.team_id} teamName={s.team_name ?? s.team_id} disqualified={teams.get(s.team_id)?.disqualified ?? false} onDecide={onDecide} />
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TeamAction({ teamId, teamName, disqualified, onDecide }: { teamId: string; teamName: string; disqualified: boolean; onDecide(d: Deciding): void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={disqualified ? 'button button-small button-quiet' : 'button button-small button-quiet button-danger'}
      onClick={() => onDecide({ teamId, teamName, disqualify: !disqualified })}
    >
      {t(disqualified ? 'hosting.reinstate' : 'hosting.disqualify')} <span className="visually-hidden">{teamName}</span>
    </button>
  );
}

/** The host's baseline: a prediction file scored like any submission and shown beside the ranking, never ranked. */
function BaselineUpload({ competition, onSubmitted }: { competition: Competition; onSubmitted(s: Submission): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [phase, setPhase] = useState(competition.phases[competition.phases.length - 1]?.id ?? '');
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const u = useUpload(input, (file, onProgress) =>
    submitBaseline(competition.slug, file, {
      name: name.trim() || undefined,
      phase: competition.phases.length > 1 ? phase : undefined,
      onProgress,
    }),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    setMissing(!u.file);
    const b = await u.upload();
    if (b) {
      setName('');
      setDone(t('hosting.baselineSubmitted', { name: b.baseline_name ?? b.file_name ?? '' }));
      onSubmitted(b);
    }
  };
  return (
    <form className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="baseline-title">
      <h2 id="baseline-title">{t('hosting.baselineTitle')}</h2>
      <p>{t('hosting.baselineLead')}</p>
      {u.error !== null && <FileRefusal error={u.error} title={t('hosting.invalidBaseline')} />}
      <TextField
        id="baseline-name"
        label={t('hosting.baselineName')}
        hint={t('hosting.baselineNameHint')}
        value={name}
        onChange={setName}
        maxLength={60}
      />
      <PhaseSelect id="baseline-phase" phases={competition.phases} value={phase} onChange={setPhase} />
      <div className={missing ? 'field field-invalid' : 'field'}>
        <label htmlFor="baseline-file">{t('hosting.baselineFile')}</label>
        <p id="baseline-file-hint" className="field-hint">
          {t('competition.fileHint')}
        </p>
        <input
          ref={input}
          id="baseline-file"
          type="file"
          accept={SUBMISSION_ACCEPT}
          aria-invalid={missing ? true : undefined}
          aria-describedby={missing ? 'baseline-file-hint baseline-file-error' : 'baseline-file-hint'}
          onChange={(e) => {
            u.setFile(e.target.files?.[0] ?? null);
            setMissing(false);
          }}
        />
        {missing && (
          <p id="baseline-file-error" className="field-error">
            {t('hosting.chooseFile')}
          </p>
        )}
      </div>
      {u.progress && <UploadProgressBar progress={u.progress} />}
      <button type="submit" className="button button-primary" disabled={u.progress !== null}>
        {t('hosting.submitBaseline')}
      </button>
      <p role="status">{done}</p>
    </form>
  );
}

function Status({ submission: s }: { submission: Submission }) {
  const { t } = useTranslation();
  switch (s.status) {
    case 'queued':
      return <span className="status status-draft">{t('competition.queued')}</span>;
    case 'scoring':
      return <span className="status status-draft">{t('competition.scoring')}</span>;
    case 'scored':
      return <span className="status status-valid">{t('competition.scored')}</span>;
    case 'failed':
      return (
        <span className="status status-invalid">
          {t('competition.failed')}
          {s.reason && `: ${s.reason}`}
        </span>
      );
  }
}

/** Finalising, once the competition has ended, after the host confirms what it does. */
function Finalise({ competition }: { competition: Competition }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [started, setStarted] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (confirming) {
      confirmRef.current?.focus();
    }
  }, [confirming]);

  const finalise = async () => {
    setBusy(true);
    setError(null);
    try {
      await finaliseCompetition(competition.slug);
      setConfirming(false);
      setStarted(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  let body;
  switch (competition.status) {
    case 'finished':
      body = <p className="notice notice-success">{t('hosting.finalised')}</p>;
      break;
    case 'finalising':
      body = started ? (
        <p className="notice notice-success" role="status">
          {t('hosting.finaliseStarted')}
        </p>
      ) : confirming ? (
        <div ref={confirmRef} className="notice notice-info" role="alertdialog" aria-labelledby="finalise-confirm" tabIndex={-1}>
          <p id="finalise-confirm">{t('hosting.finaliseWhat')}</p>
          {error !== null && <ErrorNotice error={error} />}
          <div className="form-actions">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void finalise()}>
              {t('hosting.finaliseNow')}
            </button>
            <button type="button" className="button button-quiet" disabled={busy} onClick={() => setConfirming(false)}>
              {t('hosting.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <>
          <p>{t('hosting.finaliseReady')}</p>
          <button type="button" className="button button-primary" onClick={() => setConfirming(true)}>
            {t('hosting.finalise')}
          </button>
        </>
      );
      break;
    default:
      body = <p>{t('hosting.finaliseAfter', { time: format.date(competition.end_at, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>;
  }
  return (
    <section className="section-tight" aria-labelledby="finalise-title">
      <h2 id="finalise-title">{t('hosting.finaliseTitle')}</h2>
      {body}
    </section>
  );
}
