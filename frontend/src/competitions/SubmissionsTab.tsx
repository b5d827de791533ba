import { useEffect, useEffectEvent, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type UploadProgress } from '../api/client';
import {
  getEntry,
  getSubmission,
  isFinal,
  listSubmissions,
  PROBLEM,
  problemCode,
  selectSubmissions,
  submitPredictions,
  SUBMISSION_ACCEPT,
  type Competition,
  type Submission,
  type SubmissionProblem,
} from '../api/competitions';
import type { Page } from '../api/types';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { TextField } from '../components/TextField';
import { useFormat } from '../i18n/format';
import { useCompetition } from './context';
import { JoinForm } from './JoinForm';
import { PhaseSelect } from './PhaseSelect';
import { useScore } from './labels';
import { ProblemLine } from './ProblemLine';
import { UploadProgressBar } from './UploadProgressBar';

/** How long to wait before asking again after a status that is not final yet, in milliseconds. */
export const POLL_GAP_MS = 500;

/** How long to wait after a failed ask, in milliseconds (doubled per failure, up to eight times). */
export const POLL_RETRY_MS = 2000;

/** The file names the scorer reads. */
const ACCEPTED_NAME = /\.csv(\.gz)?$/i;

/** The phase a submission goes to unless the participant picks another: the one running now. */
function currentPhase(c: Competition, now = Date.now()): string {
  const running = c.phases.find((p) => Date.parse(p.start_at) <= now && now < Date.parse(p.end_at));
  return (running ?? c.phases[0])?.id ?? '';
}

/** Uploading predictions and following my team's submissions until they are scored. */
export default function SubmissionsTab() {
  const { t } = useTranslation();
  const { competition, entry } = useCompetition();
  return (
    <section aria-labelledby="competition-submissions">
      <h2 id="competition-submissions">{t('competition.tabSubmissions')}</h2>
      {entry ? (
        <Submissions key={competition.slug} competition={competition} />
      ) : (
        <>
          <p>{t('competition.acceptToSubmit')}</p>
          <JoinForm />
        </>
      )}
    </section>
  );
}

function Submissions({ competition }: { competition: Competition }) {
  const { t } = useTranslation();
  const { entry, setEntry } = useCompetition();
  const [items, setItems] = useState<Submission[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [loadError, setLoadError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');
  const slug = competition.slug;
  const describe = useStatusText();

  const showPage = (page: Page<Submission>, more: boolean) => {
    setItems((prev) => (more ? [...(prev ?? []), ...page.items] : page.items));
    setNextCursor(page.next_cursor);
  };
  const onFirstPage = useEffectEvent((page: Page<Submission>) => showPage(page, false));
  useEffect(() => {
    const controller = new AbortController();
    listSubmissions(slug, undefined, controller.signal).then(onFirstPage, (err: unknown) => {
      if (!controller.signal.aborted) {
        setLoadError(err);
      }
    });
    return () => controller.abort();
  }, [slug]);
  const loadMore = (cursor: string) => listSubmissions(slug, cursor).then((page) => showPage(page, true), setLoadError);

  // The quota shown with the form counts scored submissions: ask again once one is final.
  const refreshEntry = () => void getEntry(slug).then(setEntry, () => undefined);

  /** Takes in what the long poll learnt, and says so when the status moved. */
  const onPolled = useEffectEvent((s: Submission) => {
    const before = items?.find((p) => p.id === s.id);
    if (before && (before.status !== s.status || before.queue_position !== s.queue_position)) {
      setAnnouncement(describe(s));
    }
    setItems((prev) => prev?.map((p) => (p.id === s.id ? s : p)) ?? prev);
    if (isFinal(s)) {
      refreshEntry();
    }
  });

  const pendingId = items?.find((s) => !isFinal(s))?.id;
  useEffect(() => {
    if (!pendingId) {
      return;
    }
    const controller = new AbortController();
    const { signal } = controller;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    void (async () => {
      let failures = 0;
      while (!signal.aborted) {
        try {
          const s = await getSubmission(slug, pendingId, signal, true);
          failures = 0;
          if (signal.aborted) {
            return;
          }
          onPolled(s);
          if (isFinal(s)) {
            return;
          }
          await pause(POLL_GAP_MS);
        } catch {
          if (signal.aborted) {
            return;
          }
          failures++;
          await pause(POLL_RETRY_MS * Math.min(2 ** (failures - 1), 8));
        }
      }
    })();
    return () => controller.abort();
  }, [slug, pendingId]);

  const onSubmitted = (s: Submission) => {
    setItems((prev) => [s, ...(prev ?? [])]);
    setAnnouncement(describe(s));
    refreshEntry();
  };

  return (
    <>
      {competition.status === 'running' ? (
        <SubmitForm competition={competition} onSubmitted={onSubmitted} />
      ) : (
        <p className="notice notice-info">{t(competition.status === 'upcoming' ? 'competition.submitNotYet' : 'competition.submitClosed')}</p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      <section aria-labelledby="my-submissions">
        <h3 id="my-submissions">{t('competition.mySubmissions')}</h3>
        {loadError !== null && <ErrorNotice error={loadError} />}
        {items === null && loadError === null && <Loading />}
        {items?.length === 0 && <p className="empty-state">{t('competition.noSubmissions')}</p>}
        {items && items.length > 0 && competition.status === 'running' && (
          <FinalSelection
            competition={competition}
            items={items}
            initial={entry?.team.selected_submission_ids ?? items.filter((s) => s.selected).map((s) => s.id)}
            onSaved={(ids) => setItems((prev) => prev?.map((s) => ({ ...s, selected: ids.includes(s.id) })) ?? prev)}
          />
        )}
        {items && items.length > 0 && competition.status !== 'running' && <SubmissionTable competition={competition} items={items} />}
        {nextCursor && (
          <p className="actions">
            <button type="button" className="button button-quiet" onClick={() => void loadMore(nextCursor)}>
              {t('competition.moreSubmissions')}
            </button>
          </p>
        )}
      </section>
    </>
  );
}

/** A submission's status in words, for the table and for the live announcement. */
function useStatusText(): (s: Submission) => string {
  const { t } = useTranslation();
  const score = useScore();
  return (s: Submission) => {
    const name = s.file_name || s.description || s.id;
    switch (s.status) {
      case 'queued':
        return s.queue_position !== undefined
          ? t('competition.announceQueuedAt', { name, position: s.queue_position })
          : t('competition.announceQueued', { name });
      case 'scoring':
        return t('competition.announceScoring', { name });
      case 'scored':
        return t('competition.announceScored', { name, score: s.public_score === undefined ? '—' : score(s.public_score) });
      case 'failed':
        return t('competition.announceFailed', { name, reason: s.reason ?? '' });
    }
  };
}

/** The submissions a team may choose for the private board: scored ones of the final phase. */
function selectable(competition: Competition, s: Submission): boolean {
  return s.status === 'scored' && s.phase_id === competition.phases[competition.phases.length - 1]?.id;
}

/** What the final selection's checkboxes need: the submissions chosen, and a way to choose or drop one. */
interface FinalChoice {
  chosen: string[];
  toggle(id: string): void;
  limit: number;
}

/**
 * The final selection, picked in the table of submissions: up to the competition's
 * final selections, scored, of the final phase; none chosen means the best public ones count.
 */
function FinalSelection({
  competition,
  items,
  initial,
  onSaved,
}: {
  competition: Competition;
  items: Submission[];
  initial: string[];
  onSaved(ids: string[]): void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const limit = competition.final_selections;

  useEffect(() => {
    if (error !== null) {
      formRef.current?.querySelector<HTMLElement>('[data-form-alert]')?.focus();
    }
  }, [error]);

  const toggle = (id: string) => {
    setSaved('');
    setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : c.length < limit ? [...c, id] : c));
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved('');
    try {
      const { submission_ids: ids } = await selectSubmissions(competition.slug, chosen);
      onSaved(ids);
      setSaved(ids.length === 0 ? t('competition.selectionSavedDefault') : t('competition.selectionSaved', { count: ids.length }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const name = (id: string) => {
    const s = items.find((x) => x.id === id);
    return s?.file_name || s?.description || id;
  };
  return (
    <form ref={formRef} onSubmit={(e) => void save(e)} noValidate aria-labelledby="final-selection">
      <h4 id="final-selection">{t('competition.selectionTitle')}</h4>
      <p id="final-selection-lead">
        {t('competition.selectionLead', { count: limit })} {t('competition.selectionDefault')}
      </p>
      {error !== null && <SelectionError error={error} name={(i) => name(chosen[i] ?? '')} />}
      <SubmissionTable competition={competition} items={items} selection={{ chosen, toggle, limit }} />
      <p className="field-hint" aria-live="polite">
        {t('competition.selectionCount', { count: chosen.length, limit })}
      </p>
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('competition.selectionSave')}
      </button>
      <p role="status">{saved}</p>
    </form>
  );
}

/** Why a selection was refused: each refused submission by its name, or what the server said. */
function SelectionError({ error, name }: { error: unknown; name(index: number): string }) {
  const message = useErrorMessage();
  if (!(error instanceof ApiError) || !error.errors?.length) {
    return (
      <div className="notice notice-error" role="alert" tabIndex={-1} data-form-alert>
        {message(error)}
      </div>
    );
  }
  return (
    <div className="notice notice-error" role="alert" tabIndex={-1} data-form-alert>
      <ul>
        {error.errors.map((e) => {
          const at = /^submission_ids\[(\d+)\]$/.exec(e.field);
          return <li key={`${e.field}:${e.message}`}>{at ? `${name(Number(at[1]))}: ${e.message}` : e.message}</li>;
        })}
      </ul>
    </div>
  );
}

function SubmissionTable({ competition, items, selection }: { competition: Competition; items: Submission[]; selection?: FinalChoice }) {
  const { t } = useTranslation();
  const format = useFormat();
  const score = useScore();
  const phaseTitle = (id: string) => competition.phases.find((p) => p.id === id)?.title ?? id;
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{t('competition.submissionsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('competition.colSubmitted')}</th>
            <th scope="col">{t('competition.colFile')}</th>
            {competition.phases.length > 1 && <th scope="col">{t('competition.phase')}</th>}
            <th scope="col">{t('competition.colStatus')}</th>
            <th scope="col">{t('competition.colPublicScore')}</th>
            {competition.status === 'finished' && <th scope="col">{t('competition.colPrivateScore')}</th>}
            {selection && <th scope="col">{t('competition.colFinal')}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td>{format.date(s.created_at, { dateStyle: 'medium', timeStyle: 'short' })}</td>
              <th scope="row">
                {s.file_name ?? '—'}
                {s.description && <span className="field-hint"> {s.description}</span>}
              </th>
              {competition.phases.length > 1 && <td>{phaseTitle(s.phase_id)}</td>}
              <td>
                <SubmissionStatus submission={s} />
              </td>
              <td>{s.public_score === undefined ? '—' : score(s.public_score)}</td>
              {competition.status === 'finished' && <td>{s.private_score === undefined ? '—' : score(s.private_score)}</td>}
              {selection && (
                <td>
                  {selectable(competition, s) ? (
                    <label className="choice">
                      <input
                        type="checkbox"
                        checked={selection.chosen.includes(s.id)}
                        disabled={!selection.chosen.includes(s.id) && selection.chosen.length >= selection.limit}
                        onChange={() => selection.toggle(s.id)}
                        aria-describedby="final-selection-lead"
                      />
                      <span className="visually-hidden">{t('competition.chooseFinal', { name: s.file_name || s.description || s.id })}</span>
                    </label>
                  ) : (
                    '—'
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

function SubmissionStatus({ submission: s }: { submission: Submission }) {
  const { t } = useTranslation();
  const format = useFormat();
  switch (s.status) {
    case 'queued':
      return (
        <span className="status status-draft">
          {s.queue_position !== undefined ? t('competition.queuedAt', { position: format.number(s.queue_position) }) : t('competition.queued')}
        </span>
      );
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

/** The upload form, with its progress and whatever the server found wrong with the file. */
function SubmitForm({ competition, onSubmitted }: { competition: Competition; onSubmitted(s: Submission): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { entry } = useCompetition();
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState('');
  const [phase, setPhase] = useState(() => currentPhase(competition));
  const [fileError, setFileError] = useState<string | undefined>();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [resetsAt, setResetsAt] = useState<string | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (error !== null) {
      formRef.current?.querySelector<HTMLElement>('[data-form-alert]')?.focus();
    }
  }, [error]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || !ACCEPTED_NAME.test(file.name)) {
      setFileError(t(file ? 'competition.fileWrongType' : 'competition.fileRequired'));
      fileRef.current?.focus();
      return;
    }
    setError(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      const s = await submitPredictions(competition.slug, file, {
        phase: competition.phases.length > 1 ? phase : undefined,
        description: description.trim() || undefined,
        onProgress: setProgress,
      });
      onSubmitted(s);
      setFile(null);
      setDescription('');
      if (fileRef.current) {
        fileRef.current.value = '';
      }
    } catch (err) {
      setError(err);
      setResetsAt(resetTime(err));
    } finally {
      setProgress(null);
    }
  };

  const team = entry?.team;
  return (
    <form ref={formRef} className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="submit-title">
      <h3 id="submit-title">{t('competition.submitTitle')}</h3>
      {team && (
        <p>
          {t('competition.quota', { used: format.number(team.submissions_today), limit: format.number(team.daily_limit) })}{' '}
          {t('competition.quotaResets', { time: format.date(team.resets_at, { dateStyle: 'medium', timeStyle: 'short' }) })}
        </p>
      )}
      {error !== null && <SubmitError error={error} resetsAt={resetsAt} />}
      <div className={fileError ? 'field field-invalid' : 'field'}>
        <label htmlFor="submission-file">{t('competition.fileLabel')}</label>
        <p id="submission-file-hint" className="field-hint">
          {t('competition.fileHint')}
        </p>
        <input
          ref={fileRef}
          id="submission-file"
          type="file"
          accept={SUBMISSION_ACCEPT}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setFileError(undefined);
          }}
          aria-invalid={fileError ? true : undefined}
          aria-describedby={fileError ? 'submission-file-hint submission-file-error' : 'submission-file-hint'}
        />
        {fileError && (
          <p id="submission-file-error" className="field-error">
            {fileError}
          </p>
        )}
      </div>
      <TextField id="submission-description" label={t('competition.descriptionLabel')} value={description} onChange={setDescription} maxLength={500} />
      <PhaseSelect id="submission-phase" phases={competition.phases} value={phase} onChange={setPhase} />
      {progress && <UploadProgressBar progress={progress} />}
      <button type="submit" className="button button-primary" disabled={progress !== null}>
        {t('competition.submit')}
      </button>
    </form>
  );
}

/** When a refused submission may be sent again: the quota's reset, or else what Retry-After said. */
function resetTime(error: unknown, now = Date.now()): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 429) {
    return undefined;
  }
  if (typeof error.problem.resets_at === 'string') {
    return error.problem.resets_at;
  }
  return error.retryAfter === undefined ? undefined : new Date(now + error.retryAfter * 1000).toISOString();
}

/** Why a submission was refused, worded so the participant knows what to fix or when to come back. */
function SubmitError({ error, resetsAt }: { error: unknown; resetsAt?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!(error instanceof ApiError)) {
    return <ErrorNotice error={error} />;
  }
  const code = problemCode(error.problem);
  const alert = (children: ReactNode) => (
    <div className="notice notice-error" role="alert" tabIndex={-1} data-form-alert>
      {children}
    </div>
  );
  if (error.status === 422 && code === PROBLEM.invalidSubmission) {
    const problems = Array.isArray(error.problem.problems) ? (error.problem.problems as SubmissionProblem[]) : [];
    return alert(
      <>
        <p>
          <strong>{t('competition.invalidTitle')}</strong> {t('competition.invalidNotCounted')}
        </p>
        <ul className="submission-problems">
          {problems.map((p, i) => (
            <li key={`${p.code}:${p.line ?? ''}:${i}`}>
              <ProblemLine problem={p} />
            </li>
          ))}
        </ul>
      </>,
    );
  }
  if (code === PROBLEM.totalLimitReached) {
    return alert(<p>{t('competition.totalLimitReached')}</p>);
  }
  if (code === PROBLEM.dailyLimitReached) {
    return alert(
      <p>
        {resetsAt
          ? t('competition.dailyLimitUntil', { time: format.date(resetsAt, { dateStyle: 'medium', timeStyle: 'short' }) })
          : t('competition.dailyLimitReached')}
      </p>,
    );
  }
  return alert(<p>{error.detail || error.title}</p>);
}
