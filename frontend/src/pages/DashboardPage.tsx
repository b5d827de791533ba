import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  findOccupations,
  getDashboard,
  setTargetOccupations,
  type Dashboard,
  type DashboardCourse,
  type Deadline,
  type OccupationGoal,
  type OccupationSummary,
} from '../api/dashboard';
import { useAuth } from '../auth/AuthContext';
import { RequireAuth } from '../auth/RequireAuth';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { toLanguage } from '../i18n';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** The most occupations a learner may aim at, as the API allows. */
const MAX_OCCUPATIONS = 5;

/** How long typing pauses before the occupations are looked up. */
const LOOKUP_DELAY_MS = 250;

/** The learner's home: where to continue, what is due, progress, credentials, competitions and what to learn next. */
export default function DashboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('dashboard.title'));
  return (
    <RequireAuth>
      <div className="container page">
        <DashboardContent />
      </div>
    </RequireAuth>
  );
}

function DashboardContent() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const language = toLanguage(i18n.resolvedLanguage);
  const [version, setVersion] = useState(0);
  const state = useAsync((signal) => getDashboard(language, signal), `${language}:${version}`);
  const data = state.status === 'success' ? state.data : state.status === 'loading' ? state.previous : undefined;
  return (
    <>
      <h1>{user ? t('dashboard.welcome', { name: user.display_name }) : t('dashboard.title')}</h1>
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {!data && state.status === 'loading' && <Loading />}
      {data && (
        <>
          <ContinueSection courses={data.courses} />
          <DeadlinesSection deadlines={data.deadlines} />
          <GoalsSection dashboard={data} onChanged={() => setVersion((v) => v + 1)} />
          <CredentialsSection credentials={data.credentials} />
          <CompetitionsSection competitions={data.competitions} />
        </>
      )}
    </>
  );
}

/** A section with a heading that names it for assistive technology. */
function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="section dashboard-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** Where a course continues: its attempt in progress, its next item, or its overview. */
function continueLink(c: DashboardCourse): string {
  if (c.next?.attempt_id) {
    return `/learn/${c.course_slug}/attempts/${c.next.attempt_id}`;
  }
  return c.next ? `/learn/${c.course_slug}/${c.next.ref}` : `/learn/${c.course_slug}`;
}

function ContinueSection({ courses }: { courses: DashboardCourse[] }) {
  const { t } = useTranslation();
  return (
    <Section id="dashboard-courses" title={t('dashboard.continueTitle')}>
      {courses.length === 0 ? (
        <>
          <p className="empty-state">{t('dashboard.noCourses')}</p>
          <p>
            <Link to="/search?type=course" className="button button-primary">
              {t('dashboard.findCourse')}
            </Link>
          </p>
        </>
      ) : (
        <ul className="card-grid">
          {courses.map((c) => (
            <li key={c.id}>
              <CourseCard course={c} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function CourseCard({ course: c }: { course: DashboardCourse }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const titleId = useId();
  const progressId = useId();
  const percent = Math.round(c.progress_percent);
  let action = t('dashboard.review');
  if (c.next?.attempt_id) {
    action = t('dashboard.resumeAttempt', { item: c.next.title });
  } else if (c.next) {
    action = c.last_activity ? t('dashboard.continueWith', { item: c.next.title }) : t('dashboard.startWith', { item: c.next.title });
  }
  return (
    <article className="card enrolment-card" aria-labelledby={titleId}>
      <p className={c.status === 'completed' ? 'badge badge-done' : 'badge'}>{labels.of('enrolment', c.status)}</p>
      <h3 id={titleId} className="hit-title">
        <Link to={`/learn/${c.course_slug}`}>{c.course_title}</Link>
      </h3>
      <p id={progressId} className="progress-label">
        {t('learn.progress', { done: c.required_done, total: c.required_total })}
      </p>
      <div
        className="progress-track"
        role="progressbar"
        aria-labelledby={progressId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={format.number(percent / 100, { style: 'percent' })}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {c.modules.length > 1 && (
        <ul className="module-progress" aria-label={t('dashboard.modules')}>
          {c.modules.map((m) => (
            <li key={m.id}>
              {t('dashboard.moduleProgress', { module: m.title, done: m.done, total: m.total })}
            </li>
          ))}
        </ul>
      )}
      {c.last_activity && (
        <p className="hit-meta-line">{t('dashboard.lastActivity', { date: format.date(c.last_activity.at) })}</p>
      )}
      <p>
        <Link to={continueLink(c)} className="button button-primary" aria-describedby={titleId}>
          {action}
        </Link>
      </p>
    </article>
  );
}

/** Where a deadline leads: the attempt, the assessment, the course or the competition. */
function deadlineLink(d: Deadline): string {
  if (d.competition_slug) {
    return `/competitions/${d.competition_slug}`;
  }
  if (d.attempt_id) {
    return `/learn/${d.course_slug}/attempts/${d.attempt_id}`;
  }
  return d.ref ? `/learn/${d.course_slug}/${d.ref}` : `/learn/${d.course_slug}`;
}

function DeadlinesSection({ deadlines }: { deadlines: Deadline[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Section id="dashboard-deadlines" title={t('dashboard.deadlinesTitle')}>
      {deadlines.length === 0 ? (
        <p className="empty-state">{t('dashboard.noDeadlines')}</p>
      ) : (
        <ul className="deadline-list">
          {deadlines.map((d) => (
            <li key={`${d.kind}:${d.course_slug ?? d.competition_slug}:${d.ref ?? ''}`}>
              <time dateTime={d.at} className="deadline-date">
                {format.date(d.at, { dateStyle: 'medium', timeStyle: 'short' })}
              </time>{' '}
              <Link to={deadlineLink(d)}>{t(`dashboard.deadline.${d.kind}`, { title: d.title, course: d.course_title ?? '' })}</Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function GoalsSection({ dashboard, onChanged }: { dashboard: Dashboard; onChanged: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const ids = dashboard.occupations.map((o) => o.id);
  const save = async (next: string[]) => {
    setError(null);
    try {
      await setTargetOccupations(next);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Section id="dashboard-goals" title={t('dashboard.goalsTitle')}>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {dashboard.occupations.length === 0 ? (
        <p className="empty-state">{t('dashboard.noGoals')}</p>
      ) : (
        <ul className="goal-list">
          {dashboard.occupations.map((o) => (
            <GoalItem key={o.id} goal={o} onRemove={() => void save(ids.filter((id) => id !== o.id))} />
          ))}
        </ul>
      )}
      {ids.length < MAX_OCCUPATIONS && <OccupationLookup chosen={ids} onPick={(id) => void save([...ids, id])} />}
      {dashboard.skills.length > 0 && (
        <>
          <h3>{t('dashboard.provenSkills')}</h3>
          <ul className="chips">
            {dashboard.skills.map((s) => (
              <li key={s.id}>
                <Link to={`/search?skills=${encodeURIComponent(s.id)}`} className="chip">
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('dashboard.recommendationsTitle')}</h3>
      {dashboard.recommendations.length === 0 ? (
        <p className="empty-state">{dashboard.occupations.length === 0 ? t('dashboard.noRecommendationsYet') : t('dashboard.noRecommendations')}</p>
      ) : (
        <ul className="card-grid">
          {dashboard.recommendations.map((r) => (
            <li key={r.slug}>
              <article className="card" aria-labelledby={`rec-${r.slug}`}>
                <h4 id={`rec-${r.slug}`} className="hit-title">
                  <Link to={`/courses/${r.slug}`}>{r.title}</Link>
                </h4>
                {r.institution_name && <p className="hit-meta-line">{r.institution_name}</p>}
                <p className="hit-summary">{r.summary}</p>
                <p className="hit-meta-line">
                  {r.reason === 'closes_gap'
                    ? t('dashboard.closesGap', { skills: r.skills.map((s) => s.label).join(', '), occupations: r.occupations.join(', ') })
                    : t('dashboard.buildsOn', { skills: r.skills.map((s) => s.label).join(', ') })}
                </p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function GoalItem({ goal: o, onRemove }: { goal: OccupationGoal; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <li>
      <span className="picked-skill-label">{o.label}</span>{' '}
      <span className="hit-meta-line">{t('dashboard.coverage', { proven: o.proven, essential: o.essential })}</span>{' '}
      <button type="button" className="button button-small button-quiet" onClick={onRemove}>
        {t('dashboard.removeGoal')} <span className="visually-hidden">{o.label}</span>
      </button>
      {o.missing.length > 0 && (
        <p className="hit-meta-line">{t('dashboard.missing', { skills: o.missing.map((s) => s.label).join(', ') })}</p>
      )}
    </li>
  );
}

function OccupationLookup({ chosen, onPick }: { chosen: string[]; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; items: OccupationSummary[] } | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      findOccupations(q, controller.signal).then(
        (items) => {
          setFailed(false);
          setFound({ query: q, items });
        },
        () => {
          if (!controller.signal.aborted) {
            setFailed(true);
          }
        },
      );
    }, LOOKUP_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const q = query.trim();
  const results = q.length >= 2 && found?.query === q ? found.items.filter((o) => !chosen.includes(o.id)) : [];
  return (
    <div className="occupation-lookup">
      <div className="field">
        <label htmlFor="occupation-search">{t('dashboard.findOccupation')}</label>
        <p id="occupation-search-hint" className="field-hint">
          {t('dashboard.findOccupationHint')}
        </p>
        <input
          id="occupation-search"
          type="search"
          value={query}
          autoComplete="off"
          aria-describedby="occupation-search-hint"
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <p className="field-hint" role="status">
        {failed ? t('dashboard.lookupFailed') : q.length >= 2 && found?.query === q && results.length === 0 ? t('dashboard.noOccupationFound') : ''}
      </p>
      {results.length > 0 && (
        <ul className="skill-results">
          {results.map((o) => (
            <li key={o.id}>
              <button
                type="button"
                className="button button-small button-quiet"
                onClick={() => {
                  setQuery('');
                  onPick(o.id);
                }}
              >
                {t('dashboard.aimAt', { occupation: o.label })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CredentialsSection({ credentials }: { credentials: Dashboard['credentials'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Section id="dashboard-credentials" title={t('dashboard.credentialsTitle')}>
      {credentials.total === 0 ? (
        <p className="empty-state">{t('dashboard.noCredentials')}</p>
      ) : (
        <>
          <ul className="deadline-list">
            {credentials.latest.map((c) => (
              <li key={c.id}>
                <Link to={`/verify/${c.id}`}>{c.name}</Link>{' '}
                <span className="hit-meta-line">{t('dashboard.issuedBy', { issuer: c.institution_name, date: format.date(c.issued_at) })}</span>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/credentials">{t('dashboard.openWallet', { total: credentials.total })}</Link>
          </p>
        </>
      )}
    </Section>
  );
}

function CompetitionsSection({ competitions }: { competitions: Dashboard['competitions'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Section id="dashboard-competitions" title={t('dashboard.competitionsTitle')}>
      {competitions.length === 0 ? (
        <>
          <p className="empty-state">{t('dashboard.noCompetitions')}</p>
          <p>
            <Link to="/competitions">{t('dashboard.findCompetition')}</Link>
          </p>
        </>
      ) : (
        <ul className="deadline-list">
          {competitions.map((c) => (
            <li key={c.slug}>
              <Link to={`/competitions/${c.slug}`}>{c.title}</Link>{' '}
              <span className="badge">{t(`competitions.status.${c.status}`, { defaultValue: c.status })}</span>{' '}
              <span className="hit-meta-line">
                {c.rank !== undefined && c.score !== undefined
                  ? t('dashboard.rank', { rank: c.rank, ranked: c.ranked, score: format.number(c.score, { maximumFractionDigits: 5 }) })
                  : t('dashboard.unranked')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
