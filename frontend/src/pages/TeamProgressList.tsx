import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseProgress } from '../api/teams';
import { useFormat } from '../i18n/format';

/** The courses of a path in order, each with its status, progress and due date. */
export function CourseProgressList({ courses, link }: { courses: CourseProgress[]; link?(course: CourseProgress): ReactNode }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <ol className="path-courses">
      {courses.map((c) => (
        <li key={c.slug}>
          <span className="path-course-title">{c.title || c.slug}</span>{' '}
          <span className={`status status-${c.status}`}>{t(`teams.status.${c.status}`)}</span>
          {c.status === 'in-progress' && <> {t('teams.percent', { percent: Math.round(c.percent) })}</>}
          {c.due && <> · {t('teams.due', { date: format.day(c.due) })}</>}
          {c.overdue && (
            <>
              {' '}
              <strong className="status status-overdue">{t('teams.overdue')}</strong>
            </>
          )}
          {link && c.status !== 'completed' && <> · {link(c)}</>}
        </li>
      ))}
    </ol>
  );
}
