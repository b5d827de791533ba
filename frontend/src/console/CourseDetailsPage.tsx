import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { createCourse, getDraftCourse, publishCourse, updateCourse, type CourseInput, type DraftCourse, type Org } from '../api/console';
import { EntryLoader } from '../components/EntryLoader';
import { TextField } from '../components/TextField';
import { toLanguage } from '../i18n';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { ConsoleFrame, CourseTabs, StatusBadge } from './ConsoleFrame';
import { ErrorSummary, ProblemsElsewhere } from './ErrorSummary';
import { ModerationNotice } from './ModerationNotice';
import { CheckboxField, LinesField, MarkdownField, NumberField, SelectField, TextArea, TextInput } from './fields';
import { EQF_LEVELS, labelled, LEVELS, PARTICIPATION, slugify, TEACHING_LANGUAGES } from './options';
import { detailField, fieldId, type Problems } from './problems';
import { SkillPicker } from './SkillPicker';
import { useDraftEditor } from './useDraftEditor';

/** Creates a course (/console/courses/new) or edits its details and publishes it (/console/courses/:slug). */
export default function CourseDetailsPage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const [search] = useSearchParams();
  if (!slug) {
    return (
      <ConsoleFrame title={t('console.newCourse')} crumbs={[{ label: t('console.title'), to: '/console' }]}>
        {(orgs) => <NewCourse orgs={orgs} institution={search.get('institution') ?? ''} />}
      </ConsoleFrame>
    );
  }
  return <EditCourse slug={slug} />;
}

function emptyCourse(institution: string, language: string): CourseInput {
  return {
    slug: '',
    institution,
    title: '',
    summary: '',
    description: '',
    language,
    level: '',
    eqf_level: 0,
    workload_hours: 0,
    ects: 0,
    instructors: [],
    skills: [],
    prerequisites: [],
    pass_mark: 70,
    learning_outcomes: [],
    assessment_type: '',
    participation: '',
    quality_assurance: '',
    credential: false,
  };
}

function NewCourse({ orgs, institution }: { orgs: Org[]; institution: string }) {
  const { t, i18n } = useTranslation();
  const org = orgs.find((o) => o.slug === institution) ?? (orgs.length === 1 ? orgs[0] : undefined);
  return (
    <>
      <h1>{t('console.newCourse')}</h1>
      {org ? (
        <>
          <p className="lead">{t('console.newCourseLead', { name: org.name })}</p>
          <CourseForm initial={emptyCourse(org.slug, toLanguage(i18n.resolvedLanguage))} creating />
        </>
      ) : (
        <p className="empty-state">{t('console.chooseOrganisation')}</p>
      )}
    </>
  );
}

function courseInput(c: DraftCourse): CourseInput {
  return {
    slug: c.slug,
    institution: c.institution,
    title: c.title,
    summary: c.summary,
    description: c.description,
    language: c.language,
    level: c.level,
    eqf_level: c.eqf_level,
    workload_hours: c.workload_hours,
    ects: c.ects,
    instructors: c.instructors ?? [],
    skills: c.skills ?? [],
    prerequisites: c.prerequisites ?? [],
    pass_mark: c.pass_mark,
    learning_outcomes: c.learning_outcomes ?? [],
    assessment_type: c.assessment_type,
    participation: c.participation,
    quality_assurance: c.quality_assurance,
    credential: c.credential,
  };
}

function EditCourse({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return <ConsoleFrame crumbs={[{ label: t('console.title'), to: '/console' }]}>{() => <LoadedCourse slug={slug} />}</ConsoleFrame>;
}

function LoadedCourse({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getDraftCourse(slug, signal), slug);
  const [publishedNow, setPublishedNow] = useState(false);
  usePageTitle(state.status === 'success' ? state.data.title : t('console.course'));
  return (
    <EntryLoader state={state}>
      {(course) => (
        <>
          <h1 lang={course.language}>{course.title}</h1>
          <p>
            <StatusBadge status={publishedNow ? 'published' : course.status} />{' '}
            {(publishedNow || course.status === 'published') && (
              <Link to={`/courses/${encodeURIComponent(course.slug)}`}>{t('console.viewPublic')}</Link>
            )}
          </p>
          {course.moderation && !publishedNow && <ModerationNotice moderation={course.moderation} />}
          <CourseTabs slug={course.slug} />
          <CourseForm key={course.id} initial={courseInput(course)} onPublished={() => setPublishedNow(true)} />
        </>
      )}
    </EntryLoader>
  );
}

/** The fields a course's details form shows, by the API's name for them. */
const DETAIL_FIELDS = [
  'title',
  'slug',
  'summary',
  'description',
  'language',
  'level',
  'eqf_level',
  'workload_hours',
  'ects',
  'pass_mark',
  'instructors',
  'prerequisites',
  'learning_outcomes',
  'skills',
  'credential',
  'assessment_type',
  'participation',
  'quality_assurance',
];

function CourseForm({ initial, creating = false, onPublished }: { initial: CourseInput; creating?: boolean; onPublished?(): void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const { form, setForm, problems, busy, outcome, submit, publish } = useDraftEditor(
    initial,
    creating,
    {
      base: '/console/courses',
      fixed: ['institution'],
      create: createCourse,
      update: updateCourse,
      publish: async (slug) => ({ publishedVersion: (await publishCourse(slug)).published?.version }),
    },
    onPublished,
  );
  const [slugEdited, setSlugEdited] = useState(!creating);
  const language = i18n.resolvedLanguage;

  const set = <K extends keyof CourseInput>(key: K, value: CourseInput[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setTitle = (title: string) => setForm((f) => ({ ...f, title, slug: slugEdited ? f.slug : slugify(title) }));

  const detailProblems: Problems = {
    message: problems.message,
    fields: Object.fromEntries(Object.entries(problems.fields).filter(([path]) => !path.startsWith('modules'))),
  };
  const contentProblems = Object.entries(problems.fields).filter(([path]) => path.startsWith('modules'));
  const error = (field: string) =>
    Object.entries(detailProblems.fields)
      .filter(([path]) => detailField(path) === field)
      .flatMap(([, m]) => m)
      .join(' ') || undefined;
  const describe = (path: string) => {
    const field = detailField(path);
    if (field === 'institution') {
      return t('console.fields.institution');
    }
    return DETAIL_FIELDS.includes(field) ? t(`console.fields.${field}`) : path;
  };

  const languages = labelled(TEACHING_LANGUAGES, format.languageName, form.language, language);
  return (
    <form className="form console-form" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary problems={detailProblems} describe={describe} target={detailField} />
      {contentProblems.length > 0 && (
        <ProblemsElsewhere
          message={t('console.contentProblems', { count: contentProblems.length })}
          to={`/console/courses/${encodeURIComponent(form.slug)}/content`}
          linkLabel={t('console.fixContent')}
          focus={Object.keys(detailProblems.fields).length === 0}
        />
      )}
      {outcome.saved && (
        <p className="notice notice-success" role="status">
          {t('console.saved')}
        </p>
      )}
      {outcome.publishedVersion !== undefined && (
        <p className="notice notice-success" role="status">
          {t('console.published', { version: outcome.publishedVersion })}{' '}
          <Link to={`/courses/${encodeURIComponent(form.slug)}`}>{t('console.viewPublic')}</Link>
        </p>
      )}

      <fieldset>
        <legend>{t('console.aboutCourse')}</legend>
        <TextField
          id={fieldId('title')}
          label={t('console.fields.title')}
          value={form.title}
          onChange={setTitle}
          error={error('title')}
          required
        />
        <TextField
          id={fieldId('slug')}
          label={t('console.fields.slug')}
          hint={t('console.slugHint')}
          value={form.slug}
          onChange={(v) => {
            setSlugEdited(true);
            set('slug', v);
          }}
          error={error('slug')}
          required
        />
        <TextArea
          id={fieldId('summary')}
          label={t('console.fields.summary')}
          hint={t('console.summaryHint')}
          value={form.summary}
          onChange={(v) => set('summary', v)}
          error={error('summary')}
          lang={form.language}
        />
        <MarkdownField
          id={fieldId('description')}
          label={t('console.fields.description')}
          value={form.description}
          onChange={(v) => set('description', v)}
          error={error('description')}
          lang={form.language}
        />
        <SelectField
          id={fieldId('language')}
          label={t('console.fields.language')}
          value={form.language}
          onChange={(v) => set('language', v)}
          options={languages}
          error={error('language')}
        />
      </fieldset>

      <fieldset>
        <legend>{t('console.levelAndWorkload')}</legend>
        <SelectField
          id={fieldId('level')}
          label={t('console.fields.level')}
          value={form.level}
          onChange={(v) => set('level', v)}
          options={LEVELS.map((l) => ({ value: l, label: labels.of('level', l) }))}
          emptyLabel={t('console.notSet')}
          error={error('level')}
        />
        <SelectField
          id={fieldId('eqf_level')}
          label={t('console.fields.eqf_level')}
          hint={t('console.eqfHint')}
          value={form.eqf_level ? String(form.eqf_level) : ''}
          onChange={(v) => set('eqf_level', Number(v) || 0)}
          options={EQF_LEVELS.map((l) => ({ value: String(l), label: labels.eqf(l) }))}
          emptyLabel={t('console.notSet')}
          error={error('eqf_level')}
        />
        <NumberField
          id={fieldId('workload_hours')}
          label={t('console.fields.workload_hours')}
          value={form.workload_hours}
          onChange={(n) => set('workload_hours', n ?? 0)}
          blankAs={0}
          integer
          error={error('workload_hours')}
        />
        <NumberField
          id={fieldId('ects')}
          label={t('console.fields.ects')}
          value={form.ects}
          onChange={(n) => set('ects', n ?? 0)}
          blankAs={0}
          error={error('ects')}
        />
        <NumberField
          id={fieldId('pass_mark')}
          label={t('console.fields.pass_mark')}
          hint={t('console.passMarkHint')}
          value={form.pass_mark}
          onChange={(n) => set('pass_mark', n ?? 0)}
          blankAs={0}
          error={error('pass_mark')}
        />
      </fieldset>

      <fieldset>
        <legend>{t('console.peopleAndOutcomes')}</legend>
        <LinesField
          id={fieldId('instructors')}
          label={t('console.fields.instructors')}
          hint={t('console.onePerLine')}
          value={form.instructors}
          onChange={(v) => set('instructors', v)}
          rows={2}
          error={error('instructors')}
        />
        <LinesField
          id={fieldId('learning_outcomes')}
          label={t('console.fields.learning_outcomes')}
          hint={t('console.onePerLine')}
          value={form.learning_outcomes}
          onChange={(v) => set('learning_outcomes', v)}
          error={error('learning_outcomes')}
          lang={form.language}
        />
        <LinesField
          id={fieldId('prerequisites')}
          label={t('console.fields.prerequisites')}
          hint={t('console.onePerLine')}
          value={form.prerequisites}
          onChange={(v) => set('prerequisites', v)}
          rows={2}
          error={error('prerequisites')}
          lang={form.language}
        />
      </fieldset>

      <SkillPicker
        id={fieldId('skills')}
        legend={t('console.fields.skills')}
        value={form.skills}
        onChange={(v) =>
          set(
            'skills',
            v.map((s) => ({ skill: s.skill, proficiency: s.proficiency ?? 'basic' })),
          )
        }
        withProficiency
        error={error('skills')}
      />

      <fieldset>
        <legend>{t('console.credentialTitle')}</legend>
        <p className="field-hint">{t('console.credentialHint')}</p>
        <CheckboxField
          id={fieldId('credential')}
          label={t('console.fields.credential')}
          checked={form.credential}
          onChange={(v) => set('credential', v)}
          error={error('credential')}
        />
        <TextInput
          id={fieldId('assessment_type')}
          label={t('console.fields.assessment_type')}
          hint={t('console.assessmentTypeHint')}
          value={form.assessment_type}
          onChange={(v) => set('assessment_type', v)}
          error={error('assessment_type')}
          lang={form.language}
        />
        <SelectField
          id={fieldId('participation')}
          label={t('console.fields.participation')}
          value={form.participation}
          onChange={(v) => set('participation', v)}
          options={labelled(PARTICIPATION, (p) => labels.of('participation', p), form.participation, language)}
          emptyLabel={t('console.notSet')}
          error={error('participation')}
        />
        <TextInput
          id={fieldId('quality_assurance')}
          label={t('console.fields.quality_assurance')}
          hint={t('console.qualityAssuranceHint')}
          value={form.quality_assurance}
          onChange={(v) => set('quality_assurance', v)}
          error={error('quality_assurance')}
          lang={form.language}
        />
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button-quiet" disabled={busy}>
          {creating ? t('console.createDraft') : t('console.saveDraft')}
        </button>
        {!creating && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void publish()}>
            {t('console.publish')}
          </button>
        )}
      </div>
    </form>
  );
}
