import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { checkAnswer, getAttempt, requestReview, submitAttempt } from '../api/endpoints';
import type { AnswerBody, Attempt, AttemptQuestion } from '../api/types';
import { isAnswered } from '../assessment/answers';
import { QuestionFeedback } from '../assessment/QuestionFeedback';
import { QuestionInput, QuestionPrompt, type Settle } from '../assessment/QuestionInput';
import { Timer } from '../assessment/Timer';
import { useAutosave, type SaveState } from '../assessment/useAutosave';
import { RequireAuth } from '../auth/RequireAuth';
import { EntryLoader } from '../components/EntryLoader';
import { Markdown } from '../components/Markdown';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** How long to wait before asking again for a grade after a failed ask, in milliseconds (doubled per failure). */
const RETRY_GRADING_MS = 1000;
/** How often an attempt waiting for a person (an essay) is asked about. */
const POLL_REVIEW_MS = 15000;

/** The assessment player: answer, autosave, submit, watch the grade arrive, ask for a review. */
export default function AttemptPage() {
  const { slug = '', id = '' } = useParams();
  return (
    <RequireAuth>
      <AttemptLoader slug={slug} id={id} />
    </RequireAuth>
  );
}

function AttemptLoader({ slug, id }: { slug: string; id: string }) {
  const state = useAsync((signal) => getAttempt(id, signal), id);
  return <EntryLoader state={state}>{(attempt) => <AttemptView key={attempt.id} slug={slug} initial={attempt} />}</EntryLoader>;
}

function AttemptView({ slug, initial }: { slug: string; initial: Attempt }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [attempt, setAttempt] = useState(initial);
  const [pollFailures, setPollFailures] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  usePageTitle(attempt.title);

  // The submit button goes away on submission: keep keyboard focus on what replaced it.
  const outcomeRef = useRef<HTMLDivElement>(null);
  const shownStatus = useRef(attempt.status);
  useEffect(() => {
    if (attempt.status !== shownStatus.current) {
      shownStatus.current = attempt.status;
      outcomeRef.current?.focus();
    }
  }, [attempt.status]);

  /** Shows the attempt as it now stands, announcing a grade that arrived with it. */
  const show = useCallback(
    (next: Attempt, previous: Attempt) => {
      if (next.status !== previous.status && next.score) {
        const percent = format.number(next.score.percent, { maximumFractionDigits: 1 });
        // Until a teacher has graded everything, the score so far is no verdict.
        setAnnouncement(
          !next.score.final
            ? t('assessment.awaitingAnnouncement')
            : next.score.passed
              ? t('assessment.gradeArrivedPassed', { percent })
              : t('assessment.gradeArrivedFailed', { percent }),
        );
      }
      setAttempt(next);
    },
    [t, format],
  );

  // A quiz graded automatically comes back graded from the submit. Other submitted work is
  // graded in the background: the server holds the ask until the grade is there (or a while
  // passes, then it is asked again); a teacher's grading is polled for.
  useEffect(() => {
    if (attempt.status !== 'submitted' && attempt.status !== 'needs_review') {
      return;
    }
    const controller = new AbortController();
    const waitForGrade = attempt.status === 'submitted';
    const delay = pollFailures === 0 && waitForGrade ? 0 : (waitForGrade ? RETRY_GRADING_MS : POLL_REVIEW_MS) * Math.min(2 ** pollFailures, 8);
    const timer = setTimeout(() => {
      getAttempt(attempt.id, controller.signal, waitForGrade).then(
        (next) => {
          setPollFailures(0);
          show(next, attempt);
        },
        () => !controller.signal.aborted && setPollFailures((n) => n + 1),
      );
    }, delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [attempt, pollFailures, show]);

  return (
    <div className="container page narrow-wide">
      <p className="breadcrumb">
        <Link to={`/learn/${slug}`}>{t('learn.backToCourse')}</Link>
        {' · '}
        <Link to={`/learn/${slug}/${attempt.item}`}>{t('assessment.backToQuiz')}</Link>
      </p>
      <h1>{attempt.title}</h1>
      <p className="lead">{t('assessment.attemptNumber', { number: attempt.number })}</p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {attempt.status === 'in_progress' ? (
        <AnswerForm attempt={attempt} onSubmitted={(next) => show(next, attempt)} />
      ) : (
        <div ref={outcomeRef} tabIndex={-1} className="attempt-outcome">
          <Outcome attempt={attempt} onChange={setAttempt} />
        </div>
      )}
    </div>
  );
}

/** What follows a submission: grading in progress, then the result. */
function Outcome({ attempt, onChange }: { attempt: Attempt; onChange(attempt: Attempt): void }) {
  const { t } = useTranslation();
  return attempt.status === 'submitted' ? (
    <div className="grading card" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      <div>
        <p className="grading-title">{t('assessment.grading')}</p>
        {attempt.queue_position !== undefined && attempt.queue_position > 0 && <p>{t('assessment.queuePosition', { count: attempt.queue_position })}</p>}
        <p className="field-hint">{t('assessment.gradingHint')}</p>
      </div>
    </div>
  ) : (
    <Results attempt={attempt} onChange={onChange} />
  );
}

function AnswerForm({ attempt, onSubmitted }: { attempt: Attempt; onSubmitted(attempt: Attempt): void }) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Record<string, AnswerBody | null>>(() =>
    Object.fromEntries(attempt.questions.map((q) => [q.question.id, q.answer ?? null])),
  );
  const { states, save, flush, discard } = useAutosave(attempt.id);
  // Questions checked under immediate feedback, as the server answered the check.
  const [checked, setChecked] = useState<Record<string, AttemptQuestion>>({});
  const [checking, setChecking] = useState<string | null>(null);
  const [checkErrors, setCheckErrors] = useState<Record<string, unknown>>({});
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const total = attempt.questions.length;
  const unanswered = attempt.questions.filter((q) => !isAnswered(q.question, answers[q.question.id])).length;

  useEffect(() => {
    if (confirming) {
      confirmRef.current?.focus();
    }
  }, [confirming]);

  const change = (questionId: string) => (answer: AnswerBody, settle: Settle) => {
    setAnswers((prev) => ({ ...prev, [questionId]: answer }));
    save(questionId, answer, settle);
  };

  /** Shows the result of a question and locks its answer; a save still pending would be refused after. */
  const check = async (questionId: string) => {
    const answer = answers[questionId];
    if (!answer) {
      return;
    }
    setChecking(questionId);
    setCheckErrors((prev) => ({ ...prev, [questionId]: undefined }));
    try {
      await discard(questionId);
      const result = await checkAnswer(attempt.id, questionId, answer);
      setChecked((prev) => ({ ...prev, [questionId]: result }));
    } catch (err) {
      setCheckErrors((prev) => ({ ...prev, [questionId]: err }));
    } finally {
      setChecking(null);
    }
  };

  /** Saves what is pending, then submits; when time is up, submits even if a save failed. */
  const submit = async (timeUp = false) => {
    setConfirming(false);
    setSubmitting(true);
    setError(null);
    try {
      await flush();
    } catch (err) {
      if (!timeUp) {
        setError(err);
        setSubmitting(false);
        return;
      }
    }
    try {
      onSubmitted(await submitAttempt(attempt.id));
    } catch (err) {
      setError(err);
      setSubmitting(false);
    }
  };

  return (
    <form
      className="attempt-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (unanswered > 0) {
          setConfirming(true);
        } else {
          void submit();
        }
      }}
      noValidate
    >
      <div className="attempt-bar">
        <p className="attempt-progress">{t('assessment.answeredOf', { answered: total - unanswered, total })}</p>
        {attempt.deadline && <Timer deadline={attempt.deadline} onExpire={() => void submit(true)} />}
      </div>
      <p className="field-hint">{t('assessment.autosaveHint')}</p>
      <ol className="question-list">
        {attempt.questions.map((original, index) => {
          const { question, locked, result } = checked[original.question.id] ?? original;
          const state = states[question.id];
          const answer = answers[question.id] ?? null;
          const checkable = attempt.feedback_policy === 'immediate' && !locked && question.type !== 'essay';
          const checkError = checkErrors[question.id];
          return (
            <li key={question.id} className="question card">
              <section aria-labelledby={`question-${question.id}`}>
                <h2 id={`question-${question.id}`} className="question-heading">
                  {t('assessment.questionOf', { number: index + 1, total })}{' '}
                  <span className="question-points">({t('assessment.points', { count: question.points })})</span>
                </h2>
                <GroupStem questions={attempt.questions} index={index} />
                <QuestionInput question={question} answer={answer} onChange={change(question.id)} disabled={submitting || locked || checking === question.id} />
                <SaveStatus state={state} onRetry={() => save(question.id, answers[question.id] ?? {}, 'now')} />
                {checkable && (
                  <div className="check-area">
                    <button
                      type="button"
                      className="button button-quiet"
                      disabled={submitting || checking !== null || !isAnswered(question, answer)}
                      onClick={() => void check(question.id)}
                    >
                      {checking === question.id ? t('assessment.checking') : t('assessment.check')}
                    </button>
                    <span className="field-hint">{t('assessment.checkHint')}</span>
                  </div>
                )}
                {checkError !== undefined && <ErrorNotice error={checkError} />}
                <div aria-live="polite">
                  {locked && result && (
                    <>
                      <p className="field-hint">{t('assessment.locked')}</p>
                      <QuestionFeedback question={question} result={result} />
                    </>
                  )}
                </div>
              </section>
            </li>
          );
        })}
      </ol>
      {error !== null && <ErrorNotice error={error} />}
      <div className="submit-area card">
        {confirming ? (
          <>
            <p>
              <strong>{t('assessment.confirmUnanswered', { count: unanswered })}</strong>
            </p>
            <div className="actions">
              <button ref={confirmRef} type="button" className="button button-primary" onClick={() => void submit()}>
                {t('assessment.submitAnyway')}
              </button>
              <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
                {t('assessment.keepWorking')}
              </button>
            </div>
          </>
        ) : (
          <>
            <p>{unanswered > 0 ? t('assessment.unanswered', { count: unanswered }) : t('assessment.allAnswered')}</p>
            <button type="submit" className="button button-primary" disabled={submitting}>
              {submitting ? t('assessment.submitting') : t('assessment.submit')}
            </button>
          </>
        )}
      </div>
    </form>
  );
}

/** The stem of a group of questions, above the group's first question. */
function GroupStem({ questions, index }: { questions: AttemptQuestion[]; index: number }) {
  const { question } = questions[index]!;
  const first = index === 0 || questions[index - 1]!.question.group !== question.group;
  return question.stem && first ? <Markdown source={question.stem} className="question-stem prose" /> : null;
}

function SaveStatus({ state, onRetry }: { state: SaveState | undefined; onRetry(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  if (!state || state.status === 'idle') {
    return null;
  }
  if (state.status === 'error') {
    return (
      <div className="save-status save-error" role="alert">
        {t('assessment.notSaved')} {errorMessage(state.error)}{' '}
        <button type="button" className="link-button" onClick={onRetry}>
          {t('assessment.retrySave')}
        </button>
      </div>
    );
  }
  return (
    <p className="save-status">
      {state.status === 'saved' && state.savedAt
        ? t('assessment.savedAt', { time: format.date(state.savedAt, { timeStyle: 'short' }) })
        : t('assessment.saving')}
    </p>
  );
}

function Results({ attempt, onChange }: { attempt: Attempt; onChange(attempt: Attempt): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const score = attempt.score;
  const percent = score ? format.number(score.percent, { maximumFractionDigits: 1 }) : '';
  return (
    <>
      <section
        className={`result-summary card ${score && !score.final ? '' : score?.passed ? 'result-passed' : 'result-failed'}`}
        aria-labelledby="result-title"
      >
        <h2 id="result-title">{score && !score.final ? t('assessment.awaitingTitle') : t('assessment.resultTitle')}</h2>
        {score && !score.final ? (
          <>
            <p>{t('assessment.needsReview')}</p>
            <p>
              {t('assessment.gradedSoFar', {
                score: format.number(score.score),
                graded: format.number(score.max_score - (score.awaiting_points ?? 0)),
                awaiting: format.number(score.awaiting_points ?? 0),
              })}
            </p>
          </>
        ) : score ? (
          <>
            <p className="result-percent">{t('assessment.percent', { percent })}</p>
            <p>
              {t('assessment.scoreOf', { count: score.max_score, score: format.number(score.score), max: format.number(score.max_score) })} ·{' '}
              {score.passed ? t('assessment.passed', { mark: attempt.pass_mark }) : t('assessment.failed', { mark: attempt.pass_mark })}
            </p>
          </>
        ) : null}
        {attempt.graded_at && <p className="field-hint">{t('assessment.gradedAt', { date: format.date(attempt.graded_at, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>}
      </section>

      {attempt.feedback_available ? (
        <ol className="question-list">
          {attempt.questions.map(({ question, result }, index) => (
            <li key={question.id} className="question card">
              <h3 className="question-heading">{t('assessment.questionOf', { number: index + 1, total: attempt.questions.length })}</h3>
              <GroupStem questions={attempt.questions} index={index} />
              <QuestionPrompt prompt={question.prompt} />
              {result ? <QuestionFeedback question={question} result={result} /> : <p className="field-hint">{t('assessment.noAnswer')}</p>}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty-state">{t('assessment.feedbackLater')}</p>
      )}

      {attempt.status === 'graded' && <ReviewRequest attempt={attempt} onChange={onChange} />}
    </>
  );
}

function ReviewRequest({ attempt, onChange }: { attempt: Attempt; onChange(attempt: Attempt): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const request = attempt.review_request;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!message.trim()) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onChange(await requestReview(attempt.id, message.trim()));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section-tight" aria-labelledby="review-title">
      <h2 id="review-title">{t('assessment.reviewTitle')}</h2>
      {request ? (
        <div className="notice notice-success" role="status">
          <p>{t('assessment.reviewRequested', { date: format.date(request.requested_at, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>
          <blockquote>{request.message}</blockquote>
          {request.resolved_at && <p>{t('assessment.reviewResolved', { date: format.date(request.resolved_at, { dateStyle: 'medium' }) })}</p>}
          {request.reply && (
            <>
              <p>{t('assessment.reviewReply')}</p>
              <blockquote>{request.reply}</blockquote>
            </>
          )}
        </div>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)}>
          <p>{t('assessment.reviewBody')}</p>
          {error !== null && <ErrorNotice error={error} />}
          <div className="field">
            <label htmlFor="review-message">{t('assessment.reviewMessage')}</label>
            <textarea id="review-message" rows={4} maxLength={2000} value={message} onChange={(e) => setMessage(e.target.value)} required />
          </div>
          <button type="submit" className="button button-quiet" disabled={busy || !message.trim()}>
            {t('assessment.requestReview')}
          </button>
        </form>
      )}
    </section>
  );
}
