import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getLearnerRecord } from '../api/console';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { CourseSection } from './CourseSection';

/** A learner of a course as staff see them: their standing and every attempt, each opening its review. */
export default function LearnerRecordPage() {
  const { t } = useTranslation();
  const { slug = '', learnerId = '' } = useParams();
  return (
    <CourseSection slug={slug} section={t('teaching.learnerRecord')}>
      {() => <Record slug={slug} learnerID={learnerId} />}
    </CourseSection>
  );
}

function Record({ slug, learnerID }: { slug: string; learnerID: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useAsync((signal) => getLearnerRecord(slug, learnerID, signal), `${slug}/${learnerID}`);
  if (state.status === 'loading') {
    return <Loading />;
  }
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  const { learner, attempts } = state.data;
  const percent = (n: number) => t('verify.percent', { value: format.number(Math.round(n * 10) / 10) });
  return (
    <>
      <h2>{learner.learner_name || learner.learner_id}</h2>
      <dl className="facts">
        {learner.learner_email && (
          <>
            <dt>{t('teaching.email')}</dt>
            <dd>{learner.learner_email}</dd>
          </>
        )}
        <dt>{t('teaching.colStanding')}</dt>
        <dd>{t(`teaching.standing.${learner.standing}`)}</dd>
        {learner.cohort && (
          <>
            <dt>{t('teaching.cohort')}</dt>
            <dd>{learner.cohort}</dd>
          </>
        )}
        <dt>{t('console.colProgress')}</dt>
        <dd>{percent(learner.progress_percent)}</dd>
        <dt>{t('console.colGrade')}</dt>
        <dd>{percent(learner.grade_percent)}</dd>
      </dl>
      <h3>{t('teaching.attempts')}</h3>
      {attempts.length === 0 ? (
        <p className="empty-state">{t('teaching.noAttempts')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t('teaching.attempts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('teaching.colAssessment')}</th>
                <th scope="col">{t('teaching.colNumber')}</th>
                <th scope="col">{t('teaching.colStatus')}</th>
                <th scope="col">{t('teaching.colSubmitted')}</th>
                <th scope="col">{t('console.colGrade')}</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/console/courses/${encodeURIComponent(slug)}/attempts/${encodeURIComponent(a.id)}`}>
                      {t('teaching.openAttempt', { title: a.title, number: a.number })}
                    </Link>
                    {a.review_open && (
                      <>
                        {' '}
                        <span className="badge">{t('teaching.reviewAsked')}</span>
                      </>
                    )}
                  </th>
                  <td>{a.number}</td>
                  <td>{t(`teaching.attemptStatus.${a.status}`)}</td>
                  <td>{a.submitted_at ? format.date(a.submitted_at, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}</td>
                  <td>
                    {a.percent !== undefined ? percent(a.percent) : '—'}
                    {a.passed !== undefined && ` (${a.passed ? t('teaching.standing.passed') : t('teaching.standing.failed')})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
