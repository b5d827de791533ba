import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useParams } from 'react-router';
import {
  getDraftCourse,
  publishCourse,
  putCourseTree,
  type AuthoredAssessment,
  type AuthoredType,
  type DraftCourse,
  type Tree,
  type TreeItem,
  type TreeModule,
} from '../api/console';
import { useErrorMessage } from '../components/ErrorNotice';
import { EntryLoader } from '../components/EntryLoader';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { ConsoleFrame, CourseTabs } from './ConsoleFrame';
import { ListControls, ProblemsContext, useProblem } from './contentEditing';
import { ErrorSummary, ProblemsElsewhere } from './ErrorSummary';
import { CheckboxField, MarkdownField, NumberField, SelectField, TextArea, TextInput } from './fields';
import { FEEDBACK_POLICIES } from './options';
import { detailField, fieldId, NO_PROBLEMS, problemsFrom, type Problems } from './problems';
import { QuestionEditor } from './QuestionEditor';
import { QuestionPreview } from './QuestionPreview';
import { apiTree, checkTree, newGroup, newQuestion, QUESTION_TYPES, removeGroup, setGroup, type Check } from './questions';
import { moveTo, newLesson, newModule, newQuiz, pathSteps, removeAt, replaceAt, treeOf } from './tree';

/** How long typing pauses before the draft is saved on its own. */
const AUTOSAVE_DELAY_MS = 2000;

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
        const steps: Record<string, string> = {
          modules: 'moduleN',
          items: 'itemN',
          questions: 'questionN',
          options: 'optionN',
          pairs: 'pairN',
          rubric: 'criterionN',
          groups: 'groupN',
          units: 'unitN',
          gaps: 'gapN',
        };
        const key = steps[s.name];
        return key
          ? t(`console.${key}`, { n: s.index + 1 })
          : `${t(`console.treeFields.${s.name}`, { defaultValue: s.name })} ${s.index + 1}`;
      })
      .join(' › ');
}

/** The editor's own checks as problems by path, worded in the reader's language. */
function problemsOfChecks(checks: Check[], t: TFunction): Problems {
  const fields: Record<string, string[]> = {};
  for (const c of checks) {
    (fields[c.field] ??= []).push(t(`console.check.${c.key}`, c.values));
  }
  return { fields };
}

/** Where saving on its own stands. */
type Autosave =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; at: Date }
  | { status: 'blocked'; count: number }
  | { status: 'failed'; message: string };

function ContentEditor({ course }: { course: DraftCourse }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const describe = useDescribePath();
  const [tree, setTree] = useState<Tree>(() => treeOf(course));
  const [savedJSON, setSavedJSON] = useState(() => JSON.stringify(apiTree(treeOf(course))));
  // The API's problems are shown at their fields until the next save; the summary lists
  // those of the last save or publish asked for, and keeps still while the author fixes them.
  const [apiProblems, setAPIProblems] = useState<Problems>(NO_PROBLEMS);
  const [summary, setSummary] = useState<Problems>(NO_PROBLEMS);
  const [showChecks, setShowChecks] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ saved?: boolean; publishedVersion?: number }>({});
  const [autosave, setAutosave] = useState<Autosave>({ status: 'idle' });
  // The content the API refused to save on its own is not sent again until it changes.
  const [refusedJSON, setRefusedJSON] = useState<string>();
  const modules = tree.modules;
  const setModules = (next: TreeModule[]) => setTree({ modules: next });

  const json = useMemo(() => JSON.stringify(apiTree(tree)), [tree]);
  const dirty = json !== savedJSON;
  const checks = useMemo(() => checkTree(tree), [tree]);
  const checkProblems = useMemo(() => problemsOfChecks(checks, t), [checks, t]);
  const shown = showChecks && checks.length > 0 ? checkProblems : apiProblems;

  // The same object until the next save or publish: the summary takes focus whenever it gets a new one.
  const contentProblems: Problems = useMemo(
    () => ({
      message: summary.message,
      fields: Object.fromEntries(Object.entries(summary.fields).filter(([path]) => path.startsWith('modules'))),
    }),
    [summary],
  );
  const detailProblems = Object.keys(summary.fields).filter((path) => !path.startsWith('modules'));

  /** Saves the draft when the editor finds nothing to fix; says the problems in the summary unless quiet. */
  const save = async (quiet: boolean): Promise<boolean> => {
    if (checks.length > 0) {
      setShowChecks(true);
      setAPIProblems(NO_PROBLEMS);
      if (!quiet) {
        setSummary(checkProblems);
      }
      return false;
    }
    try {
      await putCourseTree(course.slug, JSON.parse(json) as Tree);
      setSavedJSON(json);
      setAPIProblems(NO_PROBLEMS);
      return true;
    } catch (err) {
      const problems = problemsFrom(err, errorMessage);
      setAPIProblems(problems);
      if (!quiet) {
        setSummary(problems);
      }
      return false;
    }
  };

  const run = async (publish: boolean) => {
    setBusy(true);
    setSummary(NO_PROBLEMS);
    setOutcome({});
    if (await save(false)) {
      setAutosave({ status: 'idle' });
      if (!publish) {
        setOutcome({ saved: true });
      } else {
        try {
          const published = await publishCourse(course.slug);
          setOutcome({ publishedVersion: published.published?.version });
        } catch (err) {
          const problems = problemsFrom(err, errorMessage);
          setAPIProblems(problems);
          setSummary(problems);
        }
      }
    }
    setBusy(false);
  };

  const saveQuietly = async () => {
    if (checks.length > 0) {
      await save(true);
      setAutosave({ status: 'blocked', count: checks.length });
      return;
    }
    setBusy(true);
    setAutosave({ status: 'saving' });
    if (await save(true)) {
      setAutosave({ status: 'saved', at: new Date() });
    } else {
      setRefusedJSON(json);
      setAutosave({ status: 'failed', message: t('console.autosaveFailed') });
    }
    setBusy(false);
  };
  // The timer calls the save of the latest render, which knows the latest tree.
  const saveQuietlyRef = useRef(saveQuietly);
  useEffect(() => {
    saveQuietlyRef.current = saveQuietly;
  });
  useEffect(() => {
    if (!dirty || busy || json === refusedJSON) {
      return undefined;
    }
    const timer = window.setTimeout(() => void saveQuietlyRef.current(), AUTOSAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [json, dirty, busy, refusedJSON]);

  useEffect(() => {
    if (!dirty) {
      return undefined;
    }
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);

  return (
    <ProblemsContext.Provider value={shown}>
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
        {blocker.state === 'blocked' && (
          <LeaveWarning
            busy={busy}
            onStay={() => blocker.reset()}
            onLeave={() => blocker.proceed()}
            onSaveAndLeave={async () => {
              setBusy(true);
              const saved = await save(false);
              setBusy(false);
              if (saved) {
                blocker.proceed();
              } else {
                blocker.reset();
              }
            }}
          />
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
          <p className="field-hint autosave-status" role="status">
            {autosave.status === 'saving' && t('console.autosaving')}
            {autosave.status === 'saved' && dirty === false && t('console.autosaved', { time: format.date(autosave.at, { timeStyle: 'short' }) })}
            {autosave.status === 'blocked' && dirty && t('console.autosaveBlocked', { count: autosave.count })}
            {autosave.status === 'failed' && dirty && autosave.message}
          </p>
        </div>
      </form>
    </ProblemsContext.Provider>
  );
}

/** Asks before leaving the page with changes that are not saved. */
function LeaveWarning({
  busy,
  onStay,
  onLeave,
  onSaveAndLeave,
}: {
  busy: boolean;
  onStay(): void;
  onLeave(): void;
  onSaveAndLeave(): Promise<void>;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} className="leave-warning card" role="alertdialog" aria-labelledby="leave-warning-title" aria-describedby="leave-warning-body" tabIndex={-1}>
      <h2 id="leave-warning-title">{t('console.leaveTitle')}</h2>
      <p id="leave-warning-body">{t('console.leaveBody')}</p>
      <div className="actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void onSaveAndLeave()}>
          {t('console.saveAndLeave')}
        </button>
        <button type="button" className="button button-quiet" onClick={onStay}>
          {t('console.stay')}
        </button>
        <button type="button" className="button button-quiet button-danger" onClick={onLeave}>
          {t('console.leaveAnyway')}
        </button>
      </div>
    </div>
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
  const [newType, setNewType] = useState<AuthoredType>('single_choice');
  const questionsError = useProblem(`${path}.questions`);
  const passMarkError = useProblem(`${path}.pass_mark`);
  const attemptsError = useProblem(`${path}.attempts_allowed`);
  const limitError = useProblem(`${path}.time_limit_minutes`);
  const feedbackError = useProblem(`${path}.feedback`);
  const set = (fields: Partial<AuthoredAssessment>) => onChange({ ...a, ...fields });
  const questions = a.questions;
  const groups = a.groups ?? [];
  const groupName = (id: string) => t('console.groupN', { n: groups.findIndex((g) => g.id === id) + 1 });
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

      <GroupsEditor path={path} assessment={a} language={language} onChange={onChange} />

      {questionsError && (
        <p id={fieldId(`${path}.questions`)} className="field-error" tabIndex={-1}>
          {questionsError}
        </p>
      )}
      <ol className="question-list-editor">
        {questions.map((q, i) => {
          const qName = t('console.questionTitled', { n: i + 1, type: t(`console.questionTypes.${q.type}`, { defaultValue: q.type }) });
          const qPath = `${path}.questions[${i}]`;
          const firstOfGroup = Boolean(q.group) && questions[i - 1]?.group !== q.group;
          return (
            <li key={q.id} className={q.group ? 'question-in-group' : undefined}>
              <fieldset id={fieldId(qPath)} tabIndex={-1} className="question-fieldset">
                <legend>
                  {qName}
                  {q.group && <span className="question-group-tag"> · {groupName(q.group)}</span>}
                </legend>
                <QuestionEditor
                  path={qPath}
                  question={q}
                  number={i + 1}
                  language={language}
                  onChange={(next) => set({ questions: replaceAt(questions, i, next) })}
                />
                {groups.length > 0 && (
                  <QuestionGroupField
                    path={qPath}
                    value={q.group ?? ''}
                    options={groups.map((g) => ({ value: g.id, label: groupName(g.id) }))}
                    onChange={(group) => set({ questions: setGroup(questions, i, group) })}
                  />
                )}
                <QuestionPreview
                  path={qPath}
                  question={q}
                  number={i + 1}
                  total={questions.length}
                  stem={firstOfGroup ? groups.find((g) => g.id === q.group)?.stem : undefined}
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
        <select id={fieldId(`${path}.new-question-type`)} value={newType} onChange={(e) => setNewType(e.target.value as AuthoredType)}>
          {QUESTION_TYPES.map((type) => (
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

function QuestionGroupField({
  path,
  value,
  options,
  onChange,
}: {
  path: string;
  value: string;
  options: { value: string; label: string }[];
  onChange(group: string): void;
}) {
  const { t } = useTranslation();
  const error = useProblem(`${path}.group`);
  return (
    <SelectField
      id={fieldId(`${path}.group`)}
      label={t('console.questionGroup')}
      hint={t('console.questionGroupHint')}
      value={value}
      emptyLabel={t('console.noGroup')}
      options={options}
      onChange={onChange}
      error={error}
    />
  );
}

/** The groups of a quiz: questions sharing a stem, such as a table, that stay together and in order. */
function GroupsEditor({
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
  const problems = useContext(ProblemsContext);
  const groups = a.groups ?? [];
  return (
    <fieldset id={fieldId(`${path}.groups`)} tabIndex={-1} className="groups-editor">
      <legend>{t('console.groups')}</legend>
      <p className="field-hint">{t('console.groupsHint')}</p>
      <ol className="option-rows">
        {groups.map((g, i) => {
          const at = `${path}.groups[${i}]`;
          const name = t('console.groupN', { n: i + 1 });
          const idError = problems.fields[`${at}.id`]?.join(' ');
          return (
            <li key={g.id}>
              <fieldset id={fieldId(at)} tabIndex={-1} className="nested-editor" aria-describedby={idError ? `${fieldId(at)}-error` : undefined}>
                <legend>{name}</legend>
                {idError && (
                  <p id={`${fieldId(at)}-error`} className="field-error">
                    {idError}
                  </p>
                )}
                <MarkdownField
                  id={fieldId(`${at}.stem`)}
                  label={t('console.groupStem', { n: i + 1 })}
                  hint={t('console.groupStemHint')}
                  value={g.stem ?? ''}
                  onChange={(stem) => onChange({ ...a, groups: replaceAt(groups, i, { ...g, stem }) })}
                  error={problems.fields[`${at}.stem`]?.join(' ')}
                  lang={language}
                  rows={4}
                />
                <ListControls name={name} index={i} count={groups.length} onRemove={() => onChange(removeGroup(a, i))} />
              </fieldset>
            </li>
            );
          })}
      </ol>
      <button type="button" className="button button-small button-quiet" onClick={() => onChange({ ...a, groups: [...groups, newGroup(groups)] })}>
        {t('console.addGroup')}
      </button>
    </fieldset>
  );
}
