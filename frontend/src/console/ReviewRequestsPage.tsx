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
              <AttemptCells slug={slug} learnerID={r.learner_id} learnerName={r.learner_name} attemptID={r.id} title={r.title || r.item} number={r.number} />
              <td>{r.review_request.message}</td>
              <AgeCell at={r.review_request.requested_at} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ToGrade({ slug }: { slug: string }) {
  const { t } = useTranslation();
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
                    <AttemptCells slug={slug} learnerID={a.learner_id} learnerName={a.learner_name} attemptID={a.attempt_id} title={a.title || a.item} number={a.number} />
                    <AgeCell at={a.submitted_at} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

/** The row header naming the learner and the cell opening the attempt, both linked. */
function AttemptCells(props: { slug: string; learnerID: string; learnerName?: string; attemptID: string; title: string; number: number }) {
  const { t } = useTranslation();
  const course = `/console/courses/${encodeURIComponent(props.slug)}`;
  return (
    <>
      <th scope="row">
        <Link to={`${course}/learners/${encodeURIComponent(props.learnerID)}`}>{props.learnerName || props.learnerID}</Link>
      </th>
      <td>
        <Link to={`${course}/attempts/${encodeURIComponent(props.attemptID)}`}>{t('teaching.openAttempt', { title: props.title, number: props.number })}</Link>
      </td>
    </>
  );
}

/** How many whole days ago a time was, with the time itself on hover. */
function AgeCell({ at }: { at: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <td>
      <time dateTime={at} title={format.date(at, { dateStyle: 'medium', timeStyle: 'short' })}>
        {t('teaching.daysAgo', { count: daysSince(at) })}
      </time>
    </td>
  );
}
