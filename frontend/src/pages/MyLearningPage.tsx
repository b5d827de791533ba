import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listMyCourses } from '../api/endpoints';
import type { Enrolment } from '../api/types';
import { RequireAuth } from '../auth/RequireAuth';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** The learner's courses with their progress, grade and a way back in. */
export default function MyLearningPage() {
  const { t } = useTranslation();
  usePageTitle(t('learning.title'));
  return (
    <RequireAuth>
      <div className="container page">
        <h1>{t('learning.title')}</h1>
        <Enrolments />
      </div>
    </RequireAuth>
  );
}

async function loadAll(signal: AbortSignal): Promise<Enrolment[]> {
  const items: Enrolment[] = [];
  let cursor: string | undefined;
  do {
    const page = await listMyCourses(cursor, signal);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

function Enrolments() {
  const { t } = useTranslation();
  const state = useAsync(loadAll, 'mine');
  if (state.status === 'loading') {
    return <Loading />;
  }
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  const current = state.data.filter((e) => e.status !== 'withdrawn');
  if (current.length === 0) {
    return (
      <>
        <p className="empty-state">{t('learning.empty')}</p>
        <p>
          <Link to="/search?type=course" className="button button-primary">
            {t('learning.explore')}
          </Link>
        </p>
      </>
    );
  }
  return (
    <ul className="card-grid">
      {current.map((e) => (
        <li key={e.id}>
          <EnrolmentCard enrolment={e} />
        </li>
      ))}
    </ul>
  );
}

function EnrolmentCard({ enrolment: e }: { enrolment: Enrolment }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const percent = Math.round(e.progress_percent);
  const labelId = `progress-${e.id}`;
  return (
    <article className="card enrolment-card">
      <p className={e.status === 'completed' ? 'badge badge-done' : 'badge'}>{labels.of('enrolment', e.status)}</p>
      <h2 className="hit-title">
        <Link to={`/learn/${e.course_slug}`}>{e.course_title}</Link>
      </h2>
      <p id={labelId} className="progress-label">
        {t('learn.progress', { done: e.required_done, total: e.required_total })}
      </p>
      <div
        className="progress-track"
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={format.number(percent / 100, { style: 'percent' })}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="hit-meta-line">
        {t('learning.grade', { percent: format.number(e.grade_percent, { maximumFractionDigits: 1 }), mark: format.number(e.pass_mark) })}
      </p>
      {e.completion && <p className="done-note">{t('learning.completedOn', { date: format.date(e.completion.completed_at) })}</p>}
      <p>
        <Link to={`/learn/${e.course_slug}`} className="button button-quiet" aria-describedby={labelId}>
          {e.status === 'completed' ? t('learning.review') : e.required_done > 0 ? t('learn.continue') : t('learn.start')}
          <span className="visually-hidden">: {e.course_title}</span>
        </Link>
      </p>
    </article>
  );
}
