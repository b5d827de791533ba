import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { finaliseCompetition, listHostSubmissions, type Competition, type Submission } from '../api/competitions';
import type { Page } from '../api/types';
import { useScore } from '../competitions/labels';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { HostedCompetition } from './HostedCompetition';

/** How often the host's list asks for new submissions and statuses while teams may still submit or be scored, in milliseconds. */
export const HOST_REFRESH_MS = 5000;

/** Every team's submissions, refreshed live, and finalising the results (/console/competitions/:slug/submissions). */
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

function HostSubmissions({ competition }: { competition: Competition }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [items, setItems] = useState<Submission[] | null>(null);
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

  const loadMore = (cursor: string) =>
    listHostSubmissions(slug, cursor).then((page) => {
      setItems((prev) => [...(prev ?? []), ...page.items.filter((s) => !prev?.some((p) => p.id === s.id))]);
      setNextCursor(page.next_cursor);
    }, setError);

  return (
    <section className="section-tight" aria-labelledby="host-submissions">
      <h2 id="host-submissions">{t('hosting.submissionsTitle')}</h2>
      <p>{t('hosting.submissionsLead')}</p>
      {live && updatedAt && (
        <p className="field-hint">{t('hosting.updatedAt', { time: format.date(updatedAt, { timeStyle: 'medium' }) })}</p>
      )}
      {error !== null && <ErrorNotice error={error} />}
      {items === null && error === null && <Loading />}
      {items?.length === 0 && <p className="empty-state">{t('hosting.noSubmissions')}</p>}
      {items && items.length > 0 && <SubmissionTable competition={competition} items={items} />}
      {nextCursor && (
        <p className="actions">
          <button type="button" className="button button-quiet" onClick={() => void loadMore(nextCursor)}>
            {t('competition.moreSubmissions')}
          </button>
        </p>
      )}
    </section>
  );
}

function SubmissionTable({ competition, items }: { competition: Competition; items: Submission[] }) {
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
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td>{format.date(s.created_at, { dateStyle: 'medium', timeStyle: 'short' })}</td>
              <th scope="row">{s.team_id}</th>
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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
