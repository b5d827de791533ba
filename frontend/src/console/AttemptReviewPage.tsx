import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getAttemptAudit, gradeEssay, overrideScore, replyToReview, type AuditEntry } from '../api/console';
import { getAttempt } from '../api/endpoints';
import type { AnswerBody, Attempt, AttemptQuestion, PublicQuestion } from '../api/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { Markdown } from '../components/Markdown';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { CourseSection } from './CourseSection';

/** One attempt as staff review it: each answer with its result, essay grading, score overrides, the review request and the audit trail. */
export default function AttemptReviewPage() {
  const { t } = useTranslation();
  const { slug = '', attemptId = '' } = useParams();
  return (
    <CourseSection slug={slug} section={t('teaching.attemptReview')}>
      {() => <Review slug={slug} attemptID={attemptId} />}
    </CourseSection>
  );
}

function Review({ slug, attemptID }: { slug: string; attemptID: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const loaded = useAsync((signal) => getAttempt(attemptID, signal), attemptID);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [changes, setChanges] = useState(0);
  if (loaded.status === 'loading') {
    return <Loading />;
  }
  if (loaded.status === 'error') {
    return <ErrorNotice error={loaded.error} />;
  }
  const a = attempt ?? loaded.data;
  const changed = (next: Attempt) => {
    setAttempt(next);
    setChanges((n) => n + 1);
  };
  const request = a.review_request;
  return (
    <>
      <h2>
        {t('teaching.attemptHeading', { title: a.title, number: a.number })}
      </h2>
      <p>
        <Link to={`/console/courses/${encodeURIComponent(slug)}/learners/${encodeURIComponent(a.learner_id ?? '')}`}>
          {t('teaching.backToLearner')}
        </Link>
      </p>
      <dl className="facts">
        <dt>{t('teaching.colStatus')}</dt>
        <dd>{t(`teaching.attemptStatus.${a.status}`)}</dd>
        {a.score && (
          <>
            <dt>{t('teaching.colScore')}</dt>
            <dd>
              {t('teaching.scoreOf', { score: format.number(a.score.score), max: format.number(a.score.max_score), percent: format.number(Math.round(a.score.percent * 10) / 10) })}
              {a.score.passed !== undefined && ` (${a.score.passed ? t('teaching.standing.passed') : t('teaching.standing.failed')})`}
            </dd>
          </>
        )}
      </dl>
      {request && (
        <section aria-labelledby="request-title" className="section-tight">
          <h3 id="request-title">{t('teaching.reviewRequest')}</h3>
          <blockquote>{request.message}</blockquote>
          <p>{format.date(request.requested_at, { dateStyle: 'medium', timeStyle: 'short' })}</p>
          {request.resolved_at ? (
            <p role="status">{t('teaching.resolvedOn', { date: format.date(request.resolved_at, { dateStyle: 'medium' }) })}</p>
          ) : (
            <ReplyForm attemptID={a.id} onDone={changed} />
          )}
          {request.reply && <blockquote>{request.reply}</blockquote>}
        </section>
      )}
      <ol className="review-questions">
        {a.questions.map((q, i) => (
          <li key={q.question.id}>
            <QuestionReview attemptID={a.id} index={i + 1} q={q} onChange={changed} />
          </li>
        ))}
      </ol>
      <AuditTrail attemptID={a.id} version={changes} />
    </>
  );
}

function QuestionReview({ attemptID, index, q, onChange }: { attemptID: string; index: number; q: AttemptQuestion; onChange(a: Attempt): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const r = q.result;
  const headingID = `question-${q.question.id}`;
  return (
    <section aria-labelledby={headingID}>
      <h3 id={headingID}>{t('teaching.questionN', { n: index })}</h3>
      <Markdown source={q.question.prompt} />
      <p>
        <strong>{t('teaching.answer')}</strong> {answerText(q.question, q.answer) || t('teaching.noAnswer')}
      </p>
      {r && (
        <p>
          <strong>{t('teaching.result')}</strong>{' '}
          {r.status === 'needs_review'
            ? t('teaching.awaitingGrade', { max: format.number(r.max_score) })
            : t('teaching.points', { score: format.number(r.score), max: format.number(r.max_score) })}{' '}
          {r.feedback.message && `— ${r.feedback.message}`}
        </p>
      )}
      {r?.feedback.notes?.map((n, i) => (
        <p key={i} className="hint">
          {n}
        </p>
      ))}
      {q.question.type === 'essay' && r && <EssayGradeForm attemptID={attemptID} question={q.question} onDone={onChange} />}
      {r && <OverrideForm attemptID={attemptID} questionID={q.question.id} max={r.max_score} onDone={onChange} />}
    </section>
  );
}

/** The learner's answer in words, for the question types the player saves. */
export function answerText(q: PublicQuestion, a?: AnswerBody | null): string {
  if (!a) {
    return '';
  }
  const option = (id: string, list = q.options ?? []) => list.find((o) => o.id === id)?.text ?? id;
  if (a.text !== undefined) {
    return a.text;
  }
  if (a.choice !== undefined) {
    return option(a.choice);
  }
  if (a.choices) {
    return a.choices.map((c) => option(c)).join(', ');
  }
  if (a.value !== undefined) {
    return String(a.value);
  }
  if (a.number !== undefined) {
    return [a.number, a.unit].filter(Boolean).join(' ');
  }
  if (a.order) {
    return a.order.map((c) => option(c, q.items)).join(' → ');
  }
  if (a.matches) {
    return Object.entries(a.matches)
      .map(([l, r]) => `${option(l, q.lefts)} → ${option(r, q.rights)}`)
      .join('; ');
  }
  if (a.gaps) {
    return Object.values(a.gaps).join(' / ');
  }
  return '';
}

function useSubmit<T>(action: () => Promise<T>, onDone: (v: T) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await action());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

function EssayGradeForm({ attemptID, question, onDone }: { attemptID: string; question: PublicQuestion; onDone(a: Attempt): void }) {
  const { t } = useTranslation();
  const rubric = question.rubric ?? [];
  const [points, setPoints] = useState<string[]>(() => rubric.map(() => ''));
  const [score, setScore] = useState('');
  const [comment, setComment] = useState('');
  const { busy, error, submit } = useSubmit(
    () =>
      gradeEssay(
        attemptID,
        question.id,
        rubric.length > 0 ? { rubric_scores: points.map(Number), comment: comment.trim() || undefined } : { score: Number(score), comment: comment.trim() || undefined },
      ),
    onDone,
  );
  const id = `grade-${question.id}`;
  const total = points.reduce((s, p) => s + (Number(p) || 0), 0);
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('teaching.gradeEssay')}</h4>
      {error !== null && <ErrorNotice error={error} />}
      {rubric.length > 0 ? (
        <>
          {rubric.map((c, i) => (
            <div className="field" key={i}>
              <label htmlFor={`${id}-${i}`}>{t('teaching.criterion', { criterion: c.criterion, max: c.points })}</label>
              {c.levels && c.levels.length > 0 ? (
                <select id={`${id}-${i}`} value={points[i]} required onChange={(e) => setPoints((p) => p.map((v, j) => (j === i ? e.target.value : v)))}>
                  <option value="">{t('teaching.chooseLevel')}</option>
                  {c.levels.map((l) => (
                    <option key={l.points} value={l.points}>
                      {t('teaching.level', { points: l.points, description: l.description })}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`${id}-${i}`}
                  type="number"
                  min={0}
                  max={c.points}
                  step="0.5"
                  required
                  value={points[i]}
                  onChange={(e) => setPoints((p) => p.map((v, j) => (j === i ? e.target.value : v)))}
                />
              )}
            </div>
          ))}
          <p aria-live="polite">{t('teaching.rubricTotal', { total })}</p>
        </>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-score`}>{t('teaching.score', { max: question.points })}</label>
          <input id={`${id}-score`} type="number" min={0} max={question.points} step="0.5" required value={score} onChange={(e) => setScore(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-comment`}>{t('teaching.comment')}</label>
        <textarea id={`${id}-comment`} rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t('teaching.saveGrade')}
      </button>
    </form>
  );
}

function OverrideForm({ attemptID, questionID, max, onDone }: { attemptID: string; questionID: string; max: number; onDone(a: Attempt): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [score, setScore] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useSubmit(() => overrideScore(attemptID, { question_id: questionID, score: Number(score), reason: reason.trim() }), (a: Attempt) => {
    setOpen(false);
    onDone(a);
  });
  const id = `override-${questionID}`;
  return (
    <div>
      <button type="button" className="button button-small button-quiet" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {t('teaching.overrideScore')}
      </button>
      <form id={id} hidden={!open} className="form" onSubmit={(e) => void submit(e)}>
        {error !== null && <ErrorNotice error={error} />}
        <div className="field">
          <label htmlFor={`${id}-score`}>{t('teaching.score', { max })}</label>
          <input id={`${id}-score`} type="number" min={0} max={max} step="0.5" required value={score} onChange={(e) => setScore(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('teaching.reason')}</label>
          <textarea id={`${id}-reason`} rows={2} maxLength={2000} required value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={busy || !reason.trim()}>
          {t('teaching.saveOverride')}
        </button>
      </form>
    </div>
  );
}

function ReplyForm({ attemptID, onDone }: { attemptID: string; onDone(a: Attempt): void }) {
  const { t } = useTranslation();
  const [reply, setReply] = useState('');
  const { busy, error, submit } = useSubmit(() => replyToReview(attemptID, reply.trim()), onDone);
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <p>{t('teaching.replyLead')}</p>
      {error !== null && <ErrorNotice error={error} />}
      <div className="field">
        <label htmlFor="review-reply">{t('teaching.reply')}</label>
        <textarea id="review-reply" rows={3} maxLength={2000} required value={reply} onChange={(e) => setReply(e.target.value)} />
      </div>
      <button type="submit" className="button button-quiet" disabled={busy || !reply.trim()}>
        {t('teaching.sendReply')}
      </button>
    </form>
  );
}

function AuditTrail({ attemptID, version }: { attemptID: string; version: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useAsync((signal) => getAttemptAudit(attemptID, signal), `${attemptID}:${version}`);
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('teaching.auditTrail')}</h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'success' &&
        (state.data.length === 0 ? (
          <p className="empty-state">{t('teaching.noChanges')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">{t('teaching.auditTrail')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('teaching.colWhen')}</th>
                  <th scope="col">{t('teaching.colChange')}</th>
                  <th scope="col">{t('teaching.colQuestion')}</th>
                  <th scope="col">{t('teaching.colPercent')}</th>
                  <th scope="col">{t('teaching.colWhy')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.map((e: AuditEntry) => (
                  <tr key={e.id}>
                    <td>{format.date(e.at, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                    <td>{t(`teaching.change.${e.kind}`)}</td>
                    <td>{e.question_id ? `${e.question_id}: ${format.number(e.old_score)} → ${format.number(e.new_score)}` : '—'}</td>
                    <td>
                      {format.number(Math.round(e.old_percent * 10) / 10)} → {format.number(Math.round(e.new_percent * 10) / 10)}
                    </td>
                    <td>{e.reason || e.comment || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
