import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  createProgramme,
  duplicateProgramme,
  getStaffProgramme,
  publishProgramme,
  updateProgramme,
  type Org,
  type ProgrammeInput,
  type ProgrammeRecord,
} from '../api/console';
import type { Intake, Tuition } from '../api/types';
import { EntryLoader } from '../components/EntryLoader';
import { TextField } from '../components/TextField';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { ConsoleFrame, StatusBadge } from './ConsoleFrame';
import { ErrorSummary } from './ErrorSummary';
import { CheckboxField, NumberField, SelectField, TextArea, TextInput } from './fields';
import {
  COUNTRIES,
  CURRENCIES,
  CYCLES,
  DELIVERIES,
  EQF_LEVELS,
  FEE_GROUPS,
  labelled,
  PERIODS,
  slugify,
  STUDY_MODES,
  TEACHING_LANGUAGES,
} from './options';
import { useErrorMessage } from '../components/ErrorNotice';
import { fieldId, messagesAt, NO_PROBLEMS, problemsFrom, rootField, type Problems } from './problems';
import { SkillPicker } from './SkillPicker';
import { removeAt } from './tree';
import { useDraftEditor } from './useDraftEditor';

/** Creates a programme (/console/programmes/new) or edits and publishes one (/console/programmes/:slug). */
export default function ProgrammePage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const [search] = useSearchParams();
  if (!slug) {
    return (
      <ConsoleFrame title={t('console.newProgramme')} crumbs={[{ label: t('console.title'), to: '/console' }]}>
        {(orgs) => <NewProgramme orgs={orgs} institution={search.get('institution') ?? ''} />}
      </ConsoleFrame>
    );
  }
  return <EditProgramme slug={slug} />;
}

function emptyProgramme(institution: string, country: string): ProgrammeInput {
  return {
    slug: '',
    title: '',
    institution,
    cycle: '',
    field_of_study: '',
    ects: 0,
    eqf_level: 0,
    duration_semesters: 0,
    study_mode: '',
    delivery: '',
    languages: [],
    language_requirement: '',
    country,
    city: '',
    intakes: [],
    tuition: [],
    scholarships: '',
    joint_degree: false,
    skills: [],
    url: '',
    summary: '',
  };
}

function NewProgramme({ orgs, institution }: { orgs: Org[]; institution: string }) {
  const { t } = useTranslation();
  const org = orgs.find((o) => o.slug === institution) ?? (orgs.length === 1 ? orgs[0] : undefined);
  return (
    <>
      <h1>{t('console.newProgramme')}</h1>
      {org ? (
        <>
          <p className="lead">{t('console.newProgrammeLead', { name: org.name })}</p>
          <ProgrammeForm initial={emptyProgramme(org.slug, org.country)} creating />
        </>
      ) : (
        <p className="empty-state">{t('console.chooseOrganisation')}</p>
      )}
    </>
  );
}

function programmeInput(p: ProgrammeRecord): ProgrammeInput {
  return {
    slug: p.slug,
    title: p.title,
    institution: p.institution,
    cycle: p.cycle,
    field_of_study: p.field_of_study,
    ects: p.ects,
    eqf_level: p.eqf_level,
    duration_semesters: p.duration_semesters,
    study_mode: p.study_mode,
    delivery: p.delivery,
    languages: p.languages ?? [],
    language_requirement: p.language_requirement,
    country: p.country,
    city: p.city,
    intakes: p.intakes ?? [],
    tuition: p.tuition ?? [],
    scholarships: p.scholarships,
    joint_degree: p.joint_degree,
    skills: p.skills ?? [],
    url: p.url,
    summary: p.summary,
  };
}

function EditProgramme({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return <ConsoleFrame crumbs={[{ label: t('console.title'), to: '/console' }]}>{() => <LoadedProgramme slug={slug} />}</ConsoleFrame>;
}

function LoadedProgramme({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getStaffProgramme(slug, signal), slug);
  const [status, setStatus] = useState<string | null>(null);
  usePageTitle(state.status === 'success' ? state.data.title : t('console.programme'));
  return (
    <EntryLoader state={state}>
      {(programme) => (
        <>
          <h1>{programme.title}</h1>
          <p>
            <StatusBadge status={status ?? programme.status} />{' '}
            {(status ?? programme.status) === 'published' && (
              <Link to={`/programmes/${encodeURIComponent(programme.slug)}`}>{t('console.viewPublic')}</Link>
            )}
          </p>
          <ProgrammeForm key={programme.id} initial={programmeInput(programme)} onPublished={() => setStatus('published')} />
          <DuplicateAsIntake key={`duplicate-${programme.id}`} programme={programme} />
        </>
      )}
    </EntryLoader>
  );
}

/** The programme fields the form shows, by the API's name. */
const PROGRAMME_FIELDS = [
  'title',
  'slug',
  'summary',
  'cycle',
  'field_of_study',
  'ects',
  'eqf_level',
  'duration_semesters',
  'study_mode',
  'delivery',
  'languages',
  'language_requirement',
  'country',
  'city',
  'url',
  'intakes',
  'tuition',
  'scholarships',
  'joint_degree',
  'skills',
];

function ProgrammeForm({ initial, creating = false, onPublished }: { initial: ProgrammeInput; creating?: boolean; onPublished?(): void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const { form, setForm, problems, busy, outcome, submit, publish } = useDraftEditor(
    initial,
    creating,
    {
      base: '/console/programmes',
      fixed: ['institution'],
      create: createProgramme,
      update: updateProgramme,
      publish: async (slug) => {
        await publishProgramme(slug);
        return { published: true };
      },
    },
    onPublished,
  );
  const [slugEdited, setSlugEdited] = useState(!creating);
  const language = i18n.resolvedLanguage;

  const set = <K extends keyof ProgrammeInput>(key: K, value: ProgrammeInput[K]) => setForm((f) => ({ ...f, [key]: value }));
  const error = (field: string) => messagesAt(problems, field);
  const describe = (path: string) => {
    const root = rootField(path);
    const name = PROGRAMME_FIELDS.includes(root) ? t(`console.programmeFields.${root}`) : path;
    const index = /^\w+\[(\d+)\]/.exec(path)?.[1];
    return index === undefined ? name : `${name} ${Number(index) + 1}`;
  };

  const choices = (values: readonly string[], enumeration: 'cycle' | 'study_mode' | 'delivery' | 'fee_group' | 'period') =>
    values.map((v) => ({ value: v, label: labels.of(enumeration, v) }));
  const setIntake = (i: number, fields: Partial<Intake>) =>
    set(
      'intakes',
      form.intakes.map((x, k) => (k === i ? { ...x, ...fields } : x)),
    );
  const setTuition = (i: number, fields: Partial<Tuition>) =>
    set(
      'tuition',
      form.tuition.map((x, k) => (k === i ? { ...x, ...fields } : x)),
    );
  const languagesError = messagesAt(problems, 'languages', { lines: true });

  return (
    <form className="form console-form" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary problems={problems} describe={describe} />
      {outcome.saved && (
        <p className="notice notice-success" role="status">
          {t('console.saved')}
        </p>
      )}
      {outcome.published && (
        <p className="notice notice-success" role="status">
          {t('console.programmePublished')} <Link to={`/programmes/${encodeURIComponent(form.slug)}`}>{t('console.viewPublic')}</Link>
        </p>
      )}

      <fieldset>
        <legend>{t('console.aboutProgramme')}</legend>
        <TextField
          id={fieldId('title')}
          label={t('console.programmeFields.title')}
          value={form.title}
          onChange={(title) => setForm((f) => ({ ...f, title, slug: slugEdited ? f.slug : slugify(title) }))}
          error={error('title')}
          required
        />
        <TextField
          id={fieldId('slug')}
          label={t('console.programmeFields.slug')}
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
          label={t('console.programmeFields.summary')}
          value={form.summary}
          onChange={(v) => set('summary', v)}
          error={error('summary')}
        />
        <TextInput
          id={fieldId('field_of_study')}
          label={t('console.programmeFields.field_of_study')}
          value={form.field_of_study}
          onChange={(v) => set('field_of_study', v)}
          error={error('field_of_study')}
        />
        <TextInput
          id={fieldId('url')}
          label={t('console.programmeFields.url')}
          hint={t('console.urlHint')}
          type="url"
          value={form.url}
          onChange={(v) => set('url', v)}
          error={error('url')}
        />
      </fieldset>

      <fieldset>
        <legend>{t('console.degree')}</legend>
        <SelectField
          id={fieldId('cycle')}
          label={t('console.programmeFields.cycle')}
          value={form.cycle}
          onChange={(v) => set('cycle', v)}
          options={choices(CYCLES, 'cycle')}
          emptyLabel={t('console.notSet')}
          error={error('cycle')}
        />
        <SelectField
          id={fieldId('eqf_level')}
          label={t('console.programmeFields.eqf_level')}
          value={form.eqf_level ? String(form.eqf_level) : ''}
          onChange={(v) => set('eqf_level', Number(v) || 0)}
          options={EQF_LEVELS.map((l) => ({ value: String(l), label: labels.eqf(l) }))}
          emptyLabel={t('console.notSet')}
          error={error('eqf_level')}
        />
        <NumberField
          id={fieldId('ects')}
          label={t('console.programmeFields.ects')}
          value={form.ects}
          onChange={(n) => set('ects', n ?? 0)}
          blankAs={0}
          error={error('ects')}
        />
        <NumberField
          id={fieldId('duration_semesters')}
          label={t('console.programmeFields.duration_semesters')}
          value={form.duration_semesters}
          onChange={(n) => set('duration_semesters', n ?? 0)}
          blankAs={0}
          integer
          error={error('duration_semesters')}
        />
        <SelectField
          id={fieldId('study_mode')}
          label={t('console.programmeFields.study_mode')}
          value={form.study_mode}
          onChange={(v) => set('study_mode', v)}
          options={choices(STUDY_MODES, 'study_mode')}
          emptyLabel={t('console.notSet')}
          error={error('study_mode')}
        />
        <SelectField
          id={fieldId('delivery')}
          label={t('console.programmeFields.delivery')}
          value={form.delivery}
          onChange={(v) => set('delivery', v)}
          options={choices(DELIVERIES, 'delivery')}
          emptyLabel={t('console.notSet')}
          error={error('delivery')}
        />
        <CheckboxField
          id={fieldId('joint_degree')}
          label={t('console.programmeFields.joint_degree')}
          checked={form.joint_degree}
          onChange={(v) => set('joint_degree', v)}
        />
      </fieldset>

      <fieldset
        id={fieldId('languages')}
        tabIndex={-1}
        className={languagesError ? 'field-invalid' : undefined}
        aria-describedby={languagesError ? `${fieldId('languages')}-error` : undefined}
      >
        <legend>{t('console.programmeFields.languages')}</legend>
        {languagesError && (
          <p id={`${fieldId('languages')}-error`} className="field-error">
            {languagesError}
          </p>
        )}
        <ul className="check-grid">
          {labelled(TEACHING_LANGUAGES, format.languageName, undefined, language).map((l) => (
            <li key={l.value} className="check-row">
              <input
                id={`language-${l.value}`}
                type="checkbox"
                checked={form.languages.includes(l.value)}
                onChange={(e) =>
                  set('languages', e.target.checked ? [...form.languages, l.value] : form.languages.filter((x) => x !== l.value))
                }
              />
              <label htmlFor={`language-${l.value}`}>{l.label}</label>
            </li>
          ))}
        </ul>
        <TextInput
          id={fieldId('language_requirement')}
          label={t('console.programmeFields.language_requirement')}
          hint={t('console.languageRequirementHint')}
          value={form.language_requirement}
          onChange={(v) => set('language_requirement', v)}
          error={error('language_requirement')}
        />
      </fieldset>

      <fieldset>
        <legend>{t('console.place')}</legend>
        <SelectField
          id={fieldId('country')}
          label={t('console.programmeFields.country')}
          value={form.country}
          onChange={(v) => set('country', v)}
          options={labelled(COUNTRIES, format.countryName, form.country || undefined, language)}
          emptyLabel={t('console.notSet')}
          error={error('country')}
        />
        <TextInput
          id={fieldId('city')}
          label={t('console.programmeFields.city')}
          value={form.city}
          onChange={(v) => set('city', v)}
          error={error('city')}
        />
      </fieldset>

      <fieldset id={fieldId('intakes')} tabIndex={-1}>
        <legend>{t('console.programmeFields.intakes')}</legend>
        {form.intakes.length === 0 && <p className="field-hint">{t('console.noIntakes')}</p>}
        <ol className="row-editors">
          {form.intakes.map((intake, i) => {
            const at = `intakes[${i}]`;
            const name = t('console.intakeN', { n: i + 1 });
            return (
              <li key={i} className="row-editor">
                <p className="row-editor-title">{name}</p>
                <TextInput
                  id={fieldId(`${at}.start`)}
                  type="date"
                  label={t('console.intakeStart')}
                  value={intake.start}
                  onChange={(v) => setIntake(i, { start: v })}
                  error={messagesAt(problems, `${at}.start`)}
                />
                <TextInput
                  id={fieldId(`${at}.deadline_eu`)}
                  type="date"
                  label={t('console.deadlineEU')}
                  value={intake.deadline_eu}
                  onChange={(v) => setIntake(i, { deadline_eu: v })}
                  error={messagesAt(problems, `${at}.deadline_eu`)}
                />
                <TextInput
                  id={fieldId(`${at}.deadline_non_eu`)}
                  type="date"
                  label={t('console.deadlineNonEU')}
                  value={intake.deadline_non_eu}
                  onChange={(v) => setIntake(i, { deadline_non_eu: v })}
                  error={messagesAt(problems, `${at}.deadline_non_eu`)}
                />
                <button
                  type="button"
                  className="button button-small button-quiet button-danger"
                  onClick={() => set('intakes', removeAt(form.intakes, i))}
                >
                  {t('console.remove')}
                  <span className="visually-hidden">: {name}</span>
                </button>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={() => set('intakes', [...form.intakes, { start: '', deadline_eu: '', deadline_non_eu: '' }])}
        >
          {t('console.addIntake')}
        </button>
      </fieldset>

      <fieldset id={fieldId('tuition')} tabIndex={-1}>
        <legend>{t('console.programmeFields.tuition')}</legend>
        {form.tuition.length === 0 && <p className="field-hint">{t('console.noTuition')}</p>}
        <ol className="row-editors">
          {form.tuition.map((fee, i) => {
            const at = `tuition[${i}]`;
            const name = t('console.feeN', { n: i + 1 });
            return (
              <li key={i} className="row-editor">
                <p className="row-editor-title">{name}</p>
                <SelectField
                  id={fieldId(`${at}.fee_group`)}
                  label={t('console.feeGroup')}
                  value={fee.fee_group}
                  onChange={(v) => setTuition(i, { fee_group: v })}
                  options={choices(FEE_GROUPS, 'fee_group')}
                  error={messagesAt(problems, `${at}.fee_group`)}
                />
                <NumberField
                  id={fieldId(`${at}.amount`)}
                  label={t('console.amount')}
                  value={fee.amount}
                  onChange={(n) => setTuition(i, { amount: n ?? 0 })}
                  blankAs={0}
                  error={messagesAt(problems, `${at}.amount`)}
                />
                <SelectField
                  id={fieldId(`${at}.currency`)}
                  label={t('console.currency')}
                  value={fee.currency}
                  onChange={(v) => setTuition(i, { currency: v })}
                  options={CURRENCIES.map((c) => ({ value: c, label: c }))}
                  error={messagesAt(problems, `${at}.currency`)}
                />
                <SelectField
                  id={fieldId(`${at}.period`)}
                  label={t('console.period')}
                  value={fee.period}
                  onChange={(v) => setTuition(i, { period: v })}
                  options={choices(PERIODS, 'period')}
                  error={messagesAt(problems, `${at}.period`)}
                />
                <button
                  type="button"
                  className="button button-small button-quiet button-danger"
                  onClick={() => set('tuition', removeAt(form.tuition, i))}
                >
                  {t('console.remove')}
                  <span className="visually-hidden">: {name}</span>
                </button>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={() =>
            set('tuition', [
              ...form.tuition,
              { fee_group: form.tuition.some((f) => f.fee_group === 'eu') ? 'non_eu' : 'eu', amount: 0, currency: 'EUR', period: 'year' },
            ])
          }
        >
          {t('console.addFee')}
        </button>
        <TextArea
          id={fieldId('scholarships')}
          label={t('console.programmeFields.scholarships')}
          value={form.scholarships}
          onChange={(v) => set('scholarships', v)}
          error={error('scholarships')}
          rows={2}
        />
      </fieldset>

      <SkillPicker
        id={fieldId('skills')}
        legend={t('console.programmeFields.skills')}
        value={form.skills.map((skill) => ({ skill }))}
        onChange={(v) =>
          set(
            'skills',
            v.map((s) => s.skill),
          )
        }
        withProficiency={false}
        error={messagesAt(problems, 'skills', { lines: true })}
      />

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

/** The year after the programme's latest intake, to suggest the next one's slug. */
function nextYear(programme: ProgrammeRecord): number {
  const years = (programme.intakes ?? []).map((i) => Number(i.start.slice(0, 4))).filter((y) => y > 0);
  return years.length > 0 ? Math.max(...years) + 1 : new Date().getFullYear() + 1;
}

/** Copies the programme into a new draft for another intake (the next academic year), under a new slug. */
function DuplicateAsIntake({ programme }: { programme: ProgrammeRecord }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const base = programme.slug.replace(/-\d{4}$/, '');
  const [slug, setSlug] = useState(`${base}-${nextYear(programme)}`);
  const [intake, setIntake] = useState<Intake>({ start: '', deadline_eu: '', deadline_non_eu: '' });
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);
  const error = (field: string) => messagesAt(problems, field);
  const describe = (path: string) =>
    ({
      slug: t('console.programmeFields.slug'),
      'intake.start': t('console.intakeStart'),
      'intake.deadline_eu': t('console.deadlineEU'),
      'intake.deadline_non_eu': t('console.deadlineNonEU'),
    })[path] ?? path;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblems(NO_PROBLEMS);
    try {
      const copy = await duplicateProgramme(programme.slug, { slug: slug.trim(), intake });
      void navigate(`/console/programmes/${encodeURIComponent(copy.slug)}`, { state: { duplicatedFrom: programme.slug } });
    } catch (err) {
      setProblems(problemsFrom(err, errorMessage));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section-tight" aria-labelledby="duplicate-title">
      <h2 id="duplicate-title">{t('console.duplicateTitle')}</h2>
      <p>{t('console.duplicateLead')}</p>
      <form className="form card" aria-labelledby="duplicate-title" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary problems={problems} describe={describe} target={(path) => `duplicate.${path}`} />
        <TextInput id={fieldId('duplicate.slug')} label={t('console.duplicateSlug')} value={slug} onChange={setSlug} error={error('slug')} required />
        <TextInput
          id={fieldId('duplicate.intake.start')}
          type="date"
          label={t('console.intakeStart')}
          value={intake.start}
          onChange={(start) => setIntake({ ...intake, start })}
          error={error('intake.start')}
          required
        />
        <TextInput
          id={fieldId('duplicate.intake.deadline_eu')}
          type="date"
          label={t('console.deadlineEU')}
          value={intake.deadline_eu}
          onChange={(deadline_eu) => setIntake({ ...intake, deadline_eu })}
          error={error('intake.deadline_eu')}
        />
        <TextInput
          id={fieldId('duplicate.intake.deadline_non_eu')}
          type="date"
          label={t('console.deadlineNonEU')}
          value={intake.deadline_non_eu}
          onChange={(deadline_non_eu) => setIntake({ ...intake, deadline_non_eu })}
          error={error('intake.deadline_non_eu')}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('console.duplicateSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
