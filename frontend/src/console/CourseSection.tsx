import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getDraftCourse, type DraftCourse, type Org } from '../api/console';
import { EntryLoader } from '../components/EntryLoader';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { ConsoleFrame, CourseTabs } from './ConsoleFrame';

/** A console page about one course: its title, the course's sections, then the page's own content. */
export function CourseSection({
  slug,
  section,
  children,
}: {
  slug: string;
  /** The page's name, after the course's title in the heading and the window title. */
  section: string;
  children(course: DraftCourse, orgs: Org[]): ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <ConsoleFrame crumbs={[{ label: t('console.title'), to: '/console' }]}>
      {(orgs) => <Loaded slug={slug} section={section} orgs={orgs} render={children} />}
    </ConsoleFrame>
  );
}

function Loaded({
  slug,
  section,
  orgs,
  render,
}: {
  slug: string;
  section: string;
  orgs: Org[];
  render(course: DraftCourse, orgs: Org[]): ReactNode;
}) {
  const state = useAsync((signal) => getDraftCourse(slug, signal), slug);
  usePageTitle(state.status === 'success' ? `${section}: ${state.data.title}` : section);
  return (
    <EntryLoader state={state}>
      {(course) => (
        <>
          <h1>
            <span lang={course.language}>{course.title}</span>: {section}
          </h1>
          <CourseTabs slug={course.slug} />
          {render(course, orgs)}
        </>
      )}
    </EntryLoader>
  );
}
