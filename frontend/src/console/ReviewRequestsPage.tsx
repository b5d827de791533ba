import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { listAwaitingGrading, listReviewRequests } from '../api/console';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { CourseSection } from './CourseSection';

/** The open review requests of a course, oldest first in the server's order, each opening the attempt to review. */
export default function ReviewRequestsPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  return (
    <CourseSection slug={slug} section={t('teaching.tabReviews')}>
      {() => (
        <>
          <Inbox slug={slug} />
          <ToGrade slug={slug} />
        </>
      )}
    </CourseSection>
  );
}

/** Whole days since a moment, for the age of a request. */
export function daysSince(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 86_400_000));
}

function Inbox({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useAsync((signal) => listReviewRequests(slug, signal), slug);
  if (state.status === 'loading') {
    return <Loading />;
  }
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  if (state.data.length === 0) {
    return <p className="empty-state">{t('teaching.noReviews')}</p>;
  }
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>{t('teaching.reviewsCaption', { count: state.data.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('teaching.colLearner')}</th>
            <th scope="col">{t('teaching.colAssessment')}</th>
            <th scope="col">{t('teaching.colMessage')}</th>
            <th scope="col">{t('teaching.colAge')}</th>
          </tr>
        </thead>
        <tbody>
          {state.data.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={`/console/courses/${encodeURIComponent(slug)}/learners/${encodeURIComponent(r.learner_id)}`}>{r.learner_name || r.learner_id}</Link>
              </th>
              <td>
                <Link to={`/console/courses/${encodeURIComponent(slug)}/attempts/${encodeURIComponent(r.id)}`}>
                  {t('teaching.openAttempt', { title: r.title || r.item, number: r.number })}
                </Link>
              </td>
              <td>{r.review_request.message}</td>
              <td>
                <time dateTime={r.review_request.requested_at} title={format.date(r.review_request.requested_at, { dateStyle: 'medium', timeStyle: 'short' })}>
                  {t('teaching.daysAgo', { count: daysSince(r.review_request.requested_at) })}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ToGrade({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useAsync((signal) => listAwaitingGrading(slug, signal), slug);
  return (
    <section aria-labelledby="to-grade">
      <h2 id="to-grade">{t('teaching.toGrade')}</h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'success' &&
        (state.data.length === 0 ? (
          <p className="empty-state">{t('teaching.nothingToGrade')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">{t('teaching.toGrade')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('teaching.colLearner')}</th>
                  <th scope="col">{t('teaching.colAssessment')}</th>
                  <th scope="col">{t('teaching.colAge')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.map((a) => (
                  <tr key={a.attempt_id}>
                    <th scope="row">
                      <Link to={`/console/courses/${encodeURIComponent(slug)}/learners/${encodeURIComponent(a.learner_id)}`}>{a.learner_name || a.learner_id}</Link>
                    </th>
                    <td>
                      <Link to={`/console/courses/${encodeURIComponent(slug)}/attempts/${encodeURIComponent(a.attempt_id)}`}>
                        {t('teaching.openAttempt', { title: a.title || a.item, number: a.number })}
                      </Link>
                    </td>
                    <td>
                      <time dateTime={a.submitted_at} title={format.date(a.submitted_at, { dateStyle: 'medium', timeStyle: 'short' })}>
                        {t('teaching.daysAgo', { count: daysSince(a.submitted_at) })}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
