import { useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  getDraftCourse,
  publishCourse,
  putCourseTree,
  type AuthoredAssessment,
  type DraftCourse,
  type Tree,
  type TreeItem,
  type TreeModule,
} from '../api/console';
import { useErrorMessage } from '../components/ErrorNotice';
import { EntryLoader } from '../components/EntryLoader';
import { useLabels } from '../i18n/labels';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { ConsoleFrame, CourseTabs } from './ConsoleFrame';
import { ErrorSummary, ProblemsElsewhere } from './ErrorSummary';
import { CheckboxField, MarkdownField, NumberField, SelectField, TextArea, TextInput } from './fields';
import { FEEDBACK_POLICIES } from './options';
import { detailField, fieldId, NO_PROBLEMS, problemsFrom, type Problems } from './problems';
import { ListControls, ProblemsContext, QuestionEditor, useProblem } from './QuestionEditor';
import {
  EDITABLE_TYPES,
  moveTo,
  newLesson,
  newModule,
  newQuestion,
  newQuiz,
  pathSteps,
  removeAt,
  replaceAt,
  treeOf,
  type EditableType,
} from './tree';

/** Edits a course's modules, lessons and quizzes, saves them to the draft and publishes. */
export default function CourseContentPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  return <ConsoleFrame crumbs={[{ label: t('console.title'), to: '/console' }]}>{() => <LoadedContent slug={slug} />}</ConsoleFrame>;
}

function LoadedContent({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getDraftCourse(slug, signal), slug);
  usePageTitle(state.status === 'success' ? t('console.contentOf', { title: state.data.title }) : t('console.tabContent'));
  return (
    <EntryLoader state={state}>
      {(course) => (
        <>
          <h1>
            <span lang={course.language}>{course.title}</span>
            <span className="visually-hidden">: {t('console.tabContent')}</span>
          </h1>
          <CourseTabs slug={course.slug} />
          <ContentEditor key={course.id} course={course} />
        </>
      )}
    </EntryLoader>
  );
}

/** Where a path is, in words: "Module 1 › Item 2 › Question 3 › Options". */
function useDescribePath(): (path: string) => string {
  const { t } = useTranslation();
  return (path) =>
    pathSteps(path)
      .filter((s) => s.name !== 'assessment')
      .map((s) => {
        if (s.index === undefined) {
          return t(`console.treeFields.${s.name}`, { defaultValue: s.name });
        }
        const steps: Record<string, string> = { modules: 'moduleN', items: 'itemN', questions: 'questionN', options: 'optionN' };
        const key = steps[s.name];
        return key
          ? t(`console.${key}`, { n: s.index + 1 })
          : `${t(`console.treeFields.${s.name}`, { defaultValue: s.name })} ${s.index + 1}`;
      })
      .join(' › ');
}

function ContentEditor({ course }: { course: DraftCourse }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const describe = useDescribePath();
  const [tree, setTree] = useState<Tree>(() => treeOf(course));
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ saved?: boolean; publishedVersion?: number }>({});
  const modules = tree.modules;
  const setModules = (next: TreeModule[]) => setTree({ modules: next });

  const contentProblems: Problems = {
    message: problems.message,
    fields: Object.fromEntries(Object.entries(problems.fields).filter(([path]) => path.startsWith('modules'))),
  };
  const detailProblems = Object.keys(problems.fields).filter((path) => !path.startsWith('modules'));

  const save = async (): Promise<boolean> => {
    setProblems(NO_PROBLEMS);
    setOutcome({});
    try {
      await putCourseTree(course.slug, tree);
      return true;
    } catch (err) {
      setProblems(problemsFrom(err, errorMessage));
      return false;
    }
  };

  const run = async (publish: boolean) => {
    setBusy(true);
    if (await save()) {
      if (!publish) {
        setOutcome({ saved: true });
      } else {
        try {
          const published = await publishCourse(course.slug);
          setOutcome({ publishedVersion: published.published?.version });
        } catch (err) {
          setProblems(problemsFrom(err, errorMessage));
        }
      }
    }
    setBusy(false);
  };

  return (
    <ProblemsContext.Provider value={problems}>
      <form
        className="console-form content-editor"
        onSubmit={(e) => {
          e.preventDefault();
          void run(false);
        }}
        noValidate
      >
        <ErrorSummary problems={contentProblems} describe={describe} target={(path) => path.replace(/\.assessment\.title$/, '.title')} />
        {detailProblems.length > 0 && (
          <ProblemsElsewhere
            message={t('console.detailProblems', {
              fields: [...new Set(detailProblems.map((f) => t(`console.fields.${detailField(f)}`, { defaultValue: f })))].join(', '),
            })}
            to={`/console/courses/${encodeURIComponent(course.slug)}`}
            linkLabel={t('console.fixDetails')}
            focus={Object.keys(contentProblems.fields).length === 0}
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
            <Link to={`/courses/${encodeURIComponent(course.slug)}`}>{t('console.viewPublic')}</Link>
          </p>
        )}

        {modules.length === 0 && <p className="empty-state">{t('console.noModules')}</p>}
        <ol className="module-list">
          {modules.map((m, i) => (
            <li key={m.id}>
              <ModuleEditor
                path={`modules[${i}]`}
                module={m}
                number={i + 1}
                count={modules.length}
                language={course.language}
                onChange={(next) => setModules(replaceAt(modules, i, next))}
                onMove={(to) => setModules(moveTo(modules, i, to))}
                onRemove={() => setModules(removeAt(modules, i))}
              />
            </li>
          ))}
        </ol>
        <p>
          <button type="button" className="button button-quiet" onClick={() => setModules([...modules, newModule(modules)])}>
            {t('console.addModule')}
          </button>
        </p>
        <div className="form-actions">
          <button type="submit" className="button button-quiet" disabled={busy}>
            {t('console.saveDraft')}
          </button>
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void run(true)}>
            {t('console.publish')}
          </button>
        </div>
      </form>
    </ProblemsContext.Provider>
  );
}

interface ModuleProps {
  path: string;
  module: TreeModule;
  number: number;
  count: number;
  language: string;
  onChange(module: TreeModule): void;
  onMove(to: number): void;
  onRemove(): void;
}

function ModuleEditor({ path, module: m, number, count, language, onChange, onMove, onRemove }: ModuleProps) {
  const { t } = useTranslation();
  const titleError = useProblem(`${path}.title`);
  const itemsError = useProblem(`${path}.items`);
  const name = t('console.moduleTitled', { n: number, title: m.title || t('console.untitled') });
  const setItems = (items: TreeItem[]) => onChange({ ...m, items });
  return (
    <fieldset id={fieldId(path)} tabIndex={-1} className="card module-editor">
      <legend>{name}</legend>
      <TextInput
        id={fieldId(`${path}.title`)}
        label={t('console.moduleTitle')}
        value={m.title}
        onChange={(title) => onChange({ ...m, title })}
        error={titleError}
        lang={language}
      />
      <TextArea
        id={fieldId(`${path}.summary`)}
        label={t('console.moduleSummary')}
        value={m.summary}
        onChange={(summary) => onChange({ ...m, summary })}
        rows={2}
        lang={language}
      />
      {itemsError && (
        <p id={fieldId(`${path}.items`)} className="field-error" tabIndex={-1}>
          {itemsError}
        </p>
      )}
      <ol className="item-list">
        {m.items.map((it, k) => (
          <li key={it.id}>
            <ItemEditor
              path={`${path}.items[${k}]`}
              item={it}
              number={k + 1}
              count={m.items.length}
              language={language}
              onChange={(next) => setItems(replaceAt(m.items, k, next))}
              onMove={(to) => setItems(moveTo(m.items, k, to))}
              onRemove={() => setItems(removeAt(m.items, k))}
            />
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="button button-small button-quiet" onClick={() => setItems([...m.items, newLesson(m.items)])}>
          {t('console.addLesson')} <span className="visually-hidden">({name})</span>
        </button>
        <button type="button" className="button button-small button-quiet" onClick={() => setItems([...m.items, newQuiz(m.items)])}>
          {t('console.addQuiz')} <span className="visually-hidden">({name})</span>
        </button>
      </div>
      <ListControls name={name} index={number - 1} count={count} onMove={onMove} onRemove={onRemove} />
    </fieldset>
  );
}

interface ItemProps {
  path: string;
  item: TreeItem;
  number: number;
  count: number;
  language: string;
  onChange(item: TreeItem): void;
  onMove(to: number): void;
  onRemove(): void;
}

function ItemEditor({ path, item: it, number, count, language, onChange, onMove, onRemove }: ItemProps) {
  const { t } = useTranslation();
  const titleError = useProblem(`${path}.title`);
  const quizTitleError = useProblem(`${path}.assessment.title`);
  const bodyError = useProblem(`${path}.body`);
  const minutesError = useProblem(`${path}.reading_minutes`);
  const videoError = useProblem(`${path}.video_url`);
  const quiz = it.kind === 'assessment';
  // Items open when new (untitled) or when the last save found problems in them; the rest stay folded.
  const [open, setOpen] = useState(() => !it.title);
  const troubled = Object.keys(useContext(ProblemsContext).fields).some((p) => p.startsWith(`${path}.`));
  const name = t(quiz ? 'console.quizTitled' : 'console.lessonTitled', { n: number, title: it.title || t('console.untitled') });
  // A quiz's title is its assessment's title too: one field writes both.
  const setTitle = (title: string) =>
    onChange(quiz && it.assessment ? { ...it, title, assessment: { ...it.assessment, title } } : { ...it, title });
  return (
    <details
      id={fieldId(path)}
      tabIndex={-1}
      className={quiz ? 'item-editor item-quiz' : 'item-editor'}
      open={open || troubled}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>{name}</summary>
      <div className="item-fields">
        <TextInput
          id={fieldId(`${path}.title`)}
          label={quiz ? t('console.quizTitle') : t('console.lessonTitle')}
          value={it.title}
          onChange={setTitle}
          error={quiz ? [titleError, quizTitleError].filter(Boolean).join(' ') || undefined : titleError}
          lang={language}
        />
        <CheckboxField
          id={fieldId(`${path}.required`)}
          label={t('console.required')}
          hint={t('console.requiredHint')}
          checked={it.required}
          onChange={(required) => onChange({ ...it, required })}
        />
        {quiz ? (
          it.assessment && (
            <AssessmentEditor
              path={`${path}.assessment`}
              assessment={it.assessment}
              language={language}
              onChange={(assessment) => onChange({ ...it, title: assessment.title, assessment })}
            />
          )
        ) : (
          <>
            <MarkdownField
              id={fieldId(`${path}.body`)}
              label={t('console.lessonBody')}
              value={it.body ?? ''}
              onChange={(body) => onChange({ ...it, body })}
              error={bodyError}
              lang={language}
            />
            <NumberField
              id={fieldId(`${path}.reading_minutes`)}
              label={t('console.readingMinutes')}
              value={it.reading_minutes}
              onChange={(n) => onChange({ ...it, reading_minutes: n || undefined })}
              integer
              error={minutesError}
            />
            <TextInput
              id={fieldId(`${path}.video_url`)}
              label={t('console.videoURL')}
              hint={t('console.videoURLHint')}
              type="url"
              value={it.video_url ?? ''}
              onChange={(v) => onChange({ ...it, video_url: v || undefined })}
              error={videoError}
            />
          </>
        )}
        <ListControls name={name} index={number - 1} count={count} onMove={onMove} onRemove={onRemove} />
      </div>
    </details>
  );
}

function AssessmentEditor({
  path,
  assessment: a,
  language,
  onChange,
}: {
  path: string;
  assessment: AuthoredAssessment;
  language: string;
  onChange(a: AuthoredAssessment): void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [newType, setNewType] = useState<EditableType>('single_choice');
  const questionsError = useProblem(`${path}.questions`);
  const passMarkError = useProblem(`${path}.pass_mark`);
  const attemptsError = useProblem(`${path}.attempts_allowed`);
  const limitError = useProblem(`${path}.time_limit_minutes`);
  const feedbackError = useProblem(`${path}.feedback`);
  const set = (fields: Partial<AuthoredAssessment>) => onChange({ ...a, ...fields });
  const questions = a.questions;
  return (
    <div id={fieldId(path)} tabIndex={-1} className="assessment-editor">
      <div className="field-grid">
        <NumberField
          id={fieldId(`${path}.pass_mark`)}
          label={t('console.quizPassMark')}
          value={a.pass_mark}
          onChange={(n) => set({ pass_mark: n ?? 0 })}
          blankAs={0}
          error={passMarkError}
        />
        <NumberField
          id={fieldId(`${path}.attempts_allowed`)}
          label={t('console.attemptsAllowed')}
          hint={t('console.zeroUnlimited')}
          value={a.attempts_allowed ?? 0}
          onChange={(n) => set({ attempts_allowed: n || undefined })}
          integer
          error={attemptsError}
        />
        <NumberField
          id={fieldId(`${path}.time_limit_minutes`)}
          label={t('console.timeLimit')}
          hint={t('console.zeroNoLimit')}
          value={a.time_limit_minutes ?? 0}
          onChange={(n) => set({ time_limit_minutes: n || undefined })}
          integer
          error={limitError}
        />
        <SelectField
          id={fieldId(`${path}.feedback`)}
          label={t('console.feedbackPolicy')}
          value={a.feedback}
          onChange={(feedback) => set({ feedback })}
          options={FEEDBACK_POLICIES.map((f) => ({ value: f, label: labels.of('feedback', f) }))}
          error={feedbackError}
        />
      </div>
      <CheckboxField
        id={fieldId(`${path}.show_correct_answers`)}
        label={t('console.showCorrectAnswers')}
        checked={Boolean(a.show_correct_answers)}
        onChange={(v) => set({ show_correct_answers: v || undefined })}
      />
      <CheckboxField
        id={fieldId(`${path}.shuffle_questions`)}
        label={t('console.shuffleQuestions')}
        checked={Boolean(a.shuffle_questions)}
        onChange={(v) => set({ shuffle_questions: v || undefined })}
      />
      <CheckboxField
        id={fieldId(`${path}.shuffle_options`)}
        label={t('console.shuffleOptions')}
        checked={Boolean(a.shuffle_options)}
        onChange={(v) => set({ shuffle_options: v || undefined })}
      />

      {questionsError && (
        <p id={fieldId(`${path}.questions`)} className="field-error" tabIndex={-1}>
          {questionsError}
        </p>
      )}
      <ol className="question-list-editor">
        {questions.map((q, i) => {
          const qName = t('console.questionTitled', { n: i + 1, type: t(`console.questionTypes.${q.type}`, { defaultValue: q.type }) });
          return (
            <li key={q.id}>
              <fieldset id={fieldId(`${path}.questions[${i}]`)} tabIndex={-1} className="question-fieldset">
                <legend>{qName}</legend>
                <QuestionEditor
                  path={`${path}.questions[${i}]`}
                  question={q}
                  number={i + 1}
                  language={language}
                  onChange={(next) => set({ questions: replaceAt(questions, i, next) })}
                />
                <ListControls
                  name={qName}
                  index={i}
                  count={questions.length}
                  onMove={(to) => set({ questions: moveTo(questions, i, to) })}
                  onRemove={() => set({ questions: removeAt(questions, i) })}
                />
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="add-question">
        <label htmlFor={fieldId(`${path}.new-question-type`)}>{t('console.newQuestionType')}</label>
        <select id={fieldId(`${path}.new-question-type`)} value={newType} onChange={(e) => setNewType(e.target.value as EditableType)}>
          {EDITABLE_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`console.questionTypes.${type}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={() => set({ questions: [...questions, newQuestion(newType, questions)] })}
        >
          {t('console.addQuestion')}
        </button>
      </div>
    </div>
  );
}
