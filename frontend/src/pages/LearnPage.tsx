import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { completeItem, enrol, getCourse, getMyCourse, startAttempt } from '../api/endpoints';
import type { Course, CourseItem, CourseProgress, ItemProgress } from '../api/types';
import { RequireAuth } from '../auth/RequireAuth';
import { EntryLoader } from '../components/EntryLoader';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { Markdown } from '../components/Markdown';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** The course player: the outline with progress, and the lesson or quiz being worked on. */
export default function LearnPage() {
  const { slug = '' } = useParams();
  return (
    <RequireAuth>
      <CourseLoader slug={slug} />
    </RequireAuth>
  );
}

/** A course with the learner's progress; null progress means not enrolled. */
interface Loaded {
  course: Course;
  progress: CourseProgress | null;
}

async function loadCourse(slug: string, signal: AbortSignal): Promise<Loaded> {
  const [course, progress] = await Promise.all([
    getCourse(slug, signal),
    getMyCourse(slug, signal).catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 404) {
        return null;
      }
      throw err;
    }),
  ]);
  return { course, progress };
}

function CourseLoader({ slug }: { slug: string }) {
  const state = useAsync((signal) => loadCourse(slug, signal), slug);
  return <EntryLoader state={state}>{(loaded) => <Player key={slug} initial={loaded} />}</EntryLoader>;
}

/** An item of the course in reading order, with its progress. */
interface Step {
  ref: string;
  item: CourseItem;
  moduleTitle: string;
  progress?: ItemProgress;
}

function stepsOf(course: Course, progress: CourseProgress | null): Step[] {
  const byRef = new Map((progress?.items ?? []).map((p) => [p.ref, p]));
  return course.modules.flatMap((m) =>
    m.items.map((item) => {
      const ref = `${m.id}.${item.id}`;
      return { ref, item, moduleTitle: m.title, progress: byRef.get(ref) };
    }),
  );
}

function Player({ initial }: { initial: Loaded }) {
  const { t } = useTranslation();
  const { ref } = useParams();
  const [progress, setProgress] = useState(initial.progress);
  const [outlineOpen, setOutlineOpen] = useState(false);
  const course = initial.course;
  const steps = stepsOf(course, progress);
  const index = ref ? steps.findIndex((s) => s.ref === ref) : -1;
  const step = index >= 0 ? steps[index] : undefined;
  usePageTitle(step ? `${step.item.title} – ${course.title}` : course.title);

  if (!progress) {
    return <NotEnrolled course={course} onEnrolled={setProgress} />;
  }
  return (
    <div className="container page learn-layout">
      <nav className="learn-outline" aria-label={t('learn.outline')}>
        <p className="learn-course-title">
          <Link to={`/learn/${course.slug}`}>{course.title}</Link>
        </p>
        <ProgressBar progress={progress} />
        {/* On small screens the outline folds away so the lesson comes first; wide screens always show it. */}
        <button
          type="button"
          className="button button-quiet outline-toggle"
          aria-expanded={outlineOpen}
          aria-controls="course-outline-list"
          onClick={() => setOutlineOpen((o) => !o)}
        >
          {t('learn.outline')}
        </button>
        <ol
          id="course-outline-list"
          className={outlineOpen ? 'outline-modules open' : 'outline-modules'}
          onClick={(e) => (e.target as HTMLElement).closest('a') && setOutlineOpen(false)}
        >
          {course.modules.map((m) => (
            <li key={m.id}>
              <p className="outline-module">{m.title}</p>
              <ol className="outline-items">
                {steps
                  .filter((s) => s.ref.startsWith(`${m.id}.`))
                  .map((s) => (
                    <li key={s.ref} className={s.progress?.done ? 'outline-item done' : 'outline-item'}>
                      <Link to={`/learn/${course.slug}/${s.ref}`} aria-current={s.ref === ref ? 'page' : undefined}>
                        <span className="outline-mark" aria-hidden="true">
                          {s.progress?.done ? '✓' : s.item.kind === 'assessment' ? '?' : '•'}
                        </span>
                        <span>{s.item.title}</span>
                        {s.progress?.done && <span className="visually-hidden"> ({t('learn.done')})</span>}
                      </Link>
                    </li>
                  ))}
              </ol>
            </li>
          ))}
        </ol>
      </nav>
      <div className="learn-content">
        {ref && !step ? (
          <p className="notice notice-error">{t('learn.unknownItem')}</p>
        ) : step ? (
          <>
            {step.item.kind === 'assessment' ? (
              <AssessmentIntro slug={course.slug} step={step} />
            ) : (
              <Lesson slug={course.slug} step={step} language={course.language} onProgress={setProgress} />
            )}
            <nav className="step-nav" aria-label={t('learn.stepNav')}>
              {index > 0 && (
                <Link to={`/learn/${course.slug}/${steps[index - 1]!.ref}`} className="button button-quiet" rel="prev">
                  ← {t('learn.previous')}
                  <span className="visually-hidden">: {steps[index - 1]!.item.title}</span>
                </Link>
              )}
              {index < steps.length - 1 && (
                <Link to={`/learn/${course.slug}/${steps[index + 1]!.ref}`} className="button button-primary" rel="next">
                  {t('learn.next')}
                  <span className="visually-hidden">: {steps[index + 1]!.item.title}</span> →
                </Link>
              )}
            </nav>
          </>
        ) : (
          <Overview course={course} progress={progress} steps={steps} />
        )}
      </div>
    </div>
  );
}

function ProgressBar({ progress }: { progress: CourseProgress }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = Math.round(progress.progress_percent);
  return (
    <div className="progress">
      <p className="progress-label" id="course-progress-label">
        {t('learn.progress', { done: progress.required_done, total: progress.required_total })}
      </p>
      <div
        className="progress-track"
        role="progressbar"
        aria-labelledby="course-progress-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={format.number(percent / 100, { style: 'percent' })}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

function Overview({ course, progress, steps }: { course: Course; progress: CourseProgress; steps: Step[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const next = steps.find((s) => s.item.required && !s.progress?.done) ?? steps.find((s) => !s.progress?.done);
  return (
    <>
      <h1>{course.title}</h1>
      <dl className="facts facts-inline">
        <div>
          <dt>{t('learn.status')}</dt>
          <dd>{labels.of('enrolment', progress.status)}</dd>
        </div>
        <div>
          <dt>{t('learn.grade')}</dt>
          <dd>{t('assessment.percent', { percent: format.number(progress.grade_percent, { maximumFractionDigits: 1 }) })}</dd>
        </div>
        <div>
          <dt>{t('learn.passMark')}</dt>
          <dd>{t('assessment.percent', { percent: format.number(progress.pass_mark) })}</dd>
        </div>
      </dl>
      {progress.completion && (
        <div className="notice notice-success">
          {t('learn.completed', { date: format.date(progress.completion.completed_at), percent: format.number(progress.completion.grade_percent, { maximumFractionDigits: 1 }) })}{' '}
          <Link to="/credentials">{t('learn.seeCredentials')}</Link>
        </div>
      )}
      {next ? (
        <p>
          <Link to={`/learn/${course.slug}/${next.ref}`} className="button button-primary">
            {progress.required_done > 0 ? t('learn.continue') : t('learn.start')}: {next.item.title}
          </Link>
        </p>
      ) : (
        <p>{t('learn.allDone')}</p>
      )}
    </>
  );
}

/** Lesson Markdown usually opens with the lesson title, which the page already shows as its heading. */
function withoutTitle(body: string, title: string): string {
  const match = body.match(/^\s*#\s+(.+)\n/);
  return match && match[1]!.trim().toLowerCase() === title.trim().toLowerCase() ? body.slice(match[0].length) : body;
}

function Lesson({ slug, step, language, onProgress }: { slug: string; step: Step; language: string; onProgress(p: CourseProgress): void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const done = step.progress?.done ?? false;

  const markDone = async () => {
    setBusy(true);
    setError(null);
    try {
      onProgress(await completeItem(slug, step.ref));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="lesson">
      <p className="eyebrow">
        {step.moduleTitle} · {t('course.lessonItem')}
        {step.item.reading_minutes ? ` · ${t('course.readingMinutes', { count: step.item.reading_minutes })}` : ''}
      </p>
      <h1 lang={language}>{step.item.title}</h1>
      <div lang={language}>
        <Markdown source={withoutTitle(step.item.body ?? '', step.item.title)} />
      </div>
      {step.item.video_url && (
        <p>
          <a href={step.item.video_url} rel="noopener noreferrer">
            {t('learn.video')}
          </a>
        </p>
      )}
      <div className="lesson-done" aria-live="polite">
        {error !== null && <ErrorNotice error={error} />}
        {done ? (
          <p className="done-note">✓ {t('learn.lessonDone')}</p>
        ) : (
          <button type="button" className="button button-primary" onClick={() => void markDone()} disabled={busy}>
            {t('learn.markDone')}
          </button>
        )}
      </div>
    </article>
  );
}

function AssessmentIntro({ slug, step }: { slug: string; step: Step }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const summary = step.item.assessment_summary;
  const p = step.progress;
  const attempts = p?.attempts ?? [];
  const running = attempts.find((a) => a.status === 'in_progress');
  const allowed = p?.attempts_allowed ?? summary?.attempts_allowed ?? 0;
  const used = attempts.length;
  const exhausted = !running && allowed > 0 && used >= allowed;

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const attempt = await startAttempt(slug, step.ref);
      navigate(`/learn/${slug}/attempts/${attempt.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <article>
      <p className="eyebrow">
        {step.moduleTitle} · {t('course.assessmentItem')}
      </p>
      <h1>{step.item.title}</h1>
      {summary && (
        <dl className="facts facts-inline">
          <div>
            <dt>{t('assessment.questionsLabel')}</dt>
            <dd>{format.number(summary.questions)}</dd>
          </div>
          <div>
            <dt>{t('learn.passMark')}</dt>
            <dd>{t('assessment.percent', { percent: format.number(summary.pass_mark) })}</dd>
          </div>
          {summary.time_limit_minutes > 0 && (
            <div>
              <dt>{t('assessment.timeLimitLabel')}</dt>
              <dd>{t('assessment.minutes', { count: summary.time_limit_minutes })}</dd>
            </div>
          )}
          <div>
            <dt>{t('assessment.attemptsLabel')}</dt>
            <dd>{allowed > 0 ? t('assessment.attemptsUsed', { used, allowed }) : t('assessment.attemptsUnlimited', { count: used })}</dd>
          </div>
          <div>
            <dt>{t('assessment.feedbackLabel')}</dt>
            <dd>{labels.of('feedback', summary.feedback)}</dd>
          </div>
          {p?.best_percent !== undefined && p.graded_attempts ? (
            <div>
              <dt>{t('assessment.best')}</dt>
              <dd>{t('assessment.percent', { percent: format.number(p.best_percent, { maximumFractionDigits: 1 }) })}</dd>
            </div>
          ) : null}
        </dl>
      )}
      {summary && summary.time_limit_minutes > 0 && <p>{t('assessment.timerNote', { count: summary.time_limit_minutes })}</p>}
      {error !== null && <ErrorNotice error={error} />}
      {exhausted ? (
        <p className="empty-state">{t('assessment.noAttemptsLeft')}</p>
      ) : (
        <p>
          <button type="button" className="button button-primary" onClick={() => void start()} disabled={busy}>
            {running ? t('assessment.resume') : used > 0 ? t('assessment.startAgain') : t('assessment.start')}
          </button>
        </p>
      )}
      {busy && <Loading />}
      {attempts.length > 0 && (
        <section aria-labelledby="attempts-title">
          <h2 id="attempts-title">{t('assessment.yourAttempts')}</h2>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('assessment.attemptColumn')}</th>
                  <th scope="col">{t('assessment.statusColumn')}</th>
                  <th scope="col">{t('assessment.scoreColumn')}</th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={`/learn/${slug}/attempts/${a.id}`}>{t('assessment.attemptNumber', { number: a.number })}</Link>
                    </th>
                    <td>{labels.of('attempt', a.status)}</td>
                    <td>
                      {a.percent !== undefined && a.status === 'graded'
                        ? `${t('assessment.percent', { percent: format.number(a.percent, { maximumFractionDigits: 1 }) })} · ${a.passed ? t('assessment.passedShort') : t('assessment.failedShort')}`
                        : '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </article>
  );
}

function NotEnrolled({ course, onEnrolled }: { course: Course; onEnrolled(progress: CourseProgress): void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      await enrol(course.slug);
      onEnrolled(await getMyCourse(course.slug));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <div className="container page narrow">
      <h1>{course.title}</h1>
      <p>{t('learn.notEnrolled')}</p>
      {error !== null && <ErrorNotice error={error} />}
      <p className="actions">
        <button type="button" className="button button-primary" onClick={() => void join()} disabled={busy}>
          {t('learn.enrol')}
        </button>
        <Link to={`/courses/${course.slug}`} className="button button-quiet">
          {t('learn.aboutCourse')}
        </Link>
      </p>
    </div>
  );
}
