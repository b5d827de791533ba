import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getCourse } from '../api/endpoints';
import type { Course, CourseItem } from '../api/types';
import { EnrolAction } from '../components/EnrolAction';
import { EntryLoader } from '../components/EntryLoader';
import { Fact } from '../components/Fact';
import { Markdown } from '../components/Markdown';
import { SkillList } from '../components/SkillList';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** A course's public page: what it teaches, its syllabus and what completing it earns. */
export default function CoursePage() {
  const { slug = '' } = useParams();
  const state = useAsync((signal) => getCourse(slug, signal), slug);
  usePageTitle(state.status === 'success' ? state.data.title : undefined);
  return <EntryLoader state={state}>{(course) => <CourseDetails course={course} />}</EntryLoader>;
}

function CourseDetails({ course }: { course: Course }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  return (
    <article className="container page entry">
      <header className="entry-head">
        <p className="badge badge-course">{t('type.course')}</p>
        <h1 lang={course.language}>{course.title}</h1>
        <p className="lead" lang={course.language}>
          {course.summary}
        </p>
        <p className="entry-provider">
          {t('entry.offeredBy')} <Link to={`/institutions/${course.institution}`}>{course.institution_name}</Link>
        </p>
        <EnrolAction slug={course.slug} />
      </header>

      <div className="entry-layout">
        <div className="entry-main">
          <section aria-labelledby="course-about">
            <h2 id="course-about">{t('course.about')}</h2>
            <div lang={course.language}>
              <Markdown source={course.description} headingOffset={2} />
            </div>
          </section>

          {course.learning_outcomes.length > 0 && (
            <section aria-labelledby="course-outcomes">
              <h2 id="course-outcomes">{t('course.outcomes')}</h2>
              <ul className="checklist" lang={course.language}>
                {course.learning_outcomes.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            </section>
          )}

          <section aria-labelledby="course-syllabus">
            <h2 id="course-syllabus">{t('course.syllabus')}</h2>
            <Syllabus course={course} />
          </section>

          {course.skills.length > 0 && (
            <section aria-labelledby="course-skills">
              <h2 id="course-skills">{t('entry.skills')}</h2>
              <SkillList skills={course.skills} />
            </section>
          )}

          {course.prerequisites.length > 0 && (
            <section aria-labelledby="course-prerequisites">
              <h2 id="course-prerequisites">{t('course.prerequisites')}</h2>
              <ul lang={course.language}>
                {course.prerequisites.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </section>
          )}
        </div>

        <aside className="entry-aside" aria-labelledby="course-facts">
          <div className="card">
            <h2 id="course-facts">{t('entry.atAGlance')}</h2>
            <dl className="facts">
              <Fact term={t('entry.level')}>{labels.of('level', course.level)}</Fact>
              <Fact term={t('entry.eqf')}>{labels.eqf(course.eqf_level)}</Fact>
              <Fact term={t('entry.language')}>{format.languageName(course.language)}</Fact>
              <Fact term={t('course.workload')}>{t('course.hours', { count: course.workload_hours })}</Fact>
              {course.ects > 0 && <Fact term={t('entry.ects')}>{format.number(course.ects)}</Fact>}
              <Fact term={t('course.participation')}>{labels.of('participation', course.participation)}</Fact>
              {course.instructors.length > 0 && (
                <Fact term={t('course.instructors', { count: course.instructors.length })}>{format.list(course.instructors)}</Fact>
              )}
            </dl>
          </div>
          <div className="card credential-card">
            <h2>{t('course.credentialTitle')}</h2>
            <p>{course.credential ? t('course.credentialYes', { mark: course.pass_mark }) : t('course.credentialNo')}</p>
            <dl className="facts">
              {course.assessment_type && (
                <Fact term={t('course.assessment')}>
                  <span lang={course.language}>{course.assessment_type}</span>
                </Fact>
              )}
              {course.quality_assurance && (
                <Fact term={t('course.qualityAssurance')}>
                  <span lang={course.language}>{course.quality_assurance}</span>
                </Fact>
              )}
            </dl>
          </div>
        </aside>
      </div>
    </article>
  );
}

function Syllabus({ course }: { course: Course }) {
  const { t } = useTranslation();
  return (
    <ol className="syllabus">
      {course.modules.map((module, index) => (
        <li key={module.id} className="syllabus-module">
          <h3>
            <span className="syllabus-number">{t('course.moduleNumber', { number: index + 1 })}</span> <span lang={course.language}>{module.title}</span>
          </h3>
          {module.summary && <p lang={course.language}>{module.summary}</p>}
          <ul className="syllabus-items">
            {module.items.map((item) => (
              <li key={item.id} className={`syllabus-item syllabus-${item.kind}`}>
                <span className="syllabus-kind">{item.kind === 'assessment' ? t('course.assessmentItem') : t('course.lessonItem')}</span>
                <span className="syllabus-title" lang={course.language}>
                  {item.title}
                </span>
                <ItemFacts item={item} />
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function ItemFacts({ item }: { item: CourseItem }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const facts: string[] = [];
  const a = item.assessment_summary;
  if (a) {
    facts.push(t('course.questions', { count: a.questions }));
    facts.push(t('course.passMark', { mark: a.pass_mark }));
    if (a.attempts_allowed > 0) {
      facts.push(t('course.attempts', { count: a.attempts_allowed }));
    }
    if (a.time_limit_minutes > 0) {
      facts.push(t('course.timeLimit', { count: a.time_limit_minutes }));
    }
    facts.push(labels.of('feedback', a.feedback));
  } else if (item.reading_minutes) {
    facts.push(t('course.readingMinutes', { count: item.reading_minutes }));
  }
  if (!item.required) {
    facts.push(t('course.optional'));
  }
  return facts.length > 0 ? <span className="syllabus-facts">{facts.join(' · ')}</span> : null;
}
