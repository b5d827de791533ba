import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import {
  createCompetition,
  METRICS,
  PROBLEM,
  problemCode,
  publishCompetition,
  RANKING_METRIC,
  updateCompetition,
  type Competition,
  type CompetitionInput,
  type PhaseInput,
} from '../api/competitions';
import type { Org } from '../api/console';
import { useMetricLabel } from '../competitions/labels';
import { useLabels } from '../i18n/labels';
import { ConsoleFrame } from './ConsoleFrame';
import { ErrorSummary, ProblemsElsewhere } from './ErrorSummary';
import { CheckboxField, LinesField, MarkdownField, NumberField, SelectField, TextArea, TextInput } from './fields';
import { HostedCompetition } from './HostedCompetition';
import { PlacementTiersField, tierPath } from './PlacementTiersField';
import { freeID, LEVELS, slugify } from './options';
import { fieldId, messagesAt, rootField, type Problems } from './problems';
import { SkillPicker } from './SkillPicker';
import { useDraftEditor } from './useDraftEditor';

/** Creates a competition (/console/competitions/new?org=) or edits and publishes it (/console/competitions/:slug). */
export default function CompetitionPage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const [search] = useSearchParams();
  if (!slug) {
    return (
      <ConsoleFrame title={t('hosting.newCompetition')} crumbs={[{ label: t('console.title'), to: '/console' }]}>
        {(orgs) => <NewCompetition orgs={orgs} orgID={search.get('org') ?? ''} />}
      </ConsoleFrame>
    );
  }
  return (
    <HostedCompetition slug={slug}>
      {(c, reload) => <CompetitionForm key={`${c.id}:${c.version}`} initial={inputOf(c)} version={c.version} onReload={reload} />}
    </HostedCompetition>
  );
}

function NewCompetition({ orgs, orgID }: { orgs: Org[]; orgID: string }) {
  const { t } = useTranslation();
  const org = orgs.find((o) => o.id === orgID) ?? (orgs.length === 1 ? orgs[0] : undefined);
  return (
    <>
      <h1>{t('hosting.newCompetition')}</h1>
      {org ? (
        <>
          <p className="lead">{t('hosting.newLead', { name: org.name })}</p>
          <CompetitionForm initial={emptyCompetition()} orgID={org.id} />
        </>
      ) : (
        <p className="empty-state">{t('console.chooseOrganisation')}</p>
      )}
    </>
  );
}

function emptyPhase(id: string): PhaseInput {
  return { id, title: '', start_at: '', end_at: '', daily_limit: 0, evaluation: { metric: 'accuracy', id_column: 'id', target_column: '' } };
}

function emptyCompetition(): CompetitionInput {
  return {
    title: '',
    slug: '',
    summary: '',
    overview: '',
    rules: '',
    prizes: '',
    skills: [],
    level: '',
    languages: [],
    tags: [],
    start_at: '',
    end_at: '',
    team_size_limit: 1,
    daily_limit: 5,
    total_limit: 0,
    final_selections: 2,
    tiers: [],
    eligibility: 'open',
    data_licence: '',
    forum_url: '',
    phases: [emptyPhase('main')],
  };
}

/** What the host edits of a competition as loaded. */
function inputOf(c: Competition): CompetitionInput {
  return {
    title: c.title,
    slug: c.slug,
    summary: c.summary,
    overview: c.overview,
    rules: c.rules,
    prizes: c.prizes,
    skills: c.skills.map((s) => s.id),
    level: c.level,
    languages: c.languages,
    tags: c.tags,
    start_at: c.start_at,
    end_at: c.end_at,
    entry_deadline: c.entry_deadline,
    merger_deadline: c.merger_deadline,
    team_size_limit: c.team_size_limit,
    daily_limit: c.daily_limit,
    total_limit: c.total_limit ?? 0,
    final_selections: c.final_selections,
    tiers: c.tiers ?? [],
    eligibility: c.eligibility,
    data_licence: c.data_licence,
    forum_url: c.forum_url ?? '',
    phases: c.phases.map(
      (p) =>
        p.evaluation ?? {
          id: p.id,
          title: p.title,
          start_at: p.start_at,
          end_at: p.end_at,
          daily_limit: p.daily_limit,
          evaluation: { metric: p.metric, id_column: '', target_column: '' },
        },
    ),
  };
}

/**
 * The input as the API takes it: blank optional fields left out, so that an unset time
 * is not an invalid one. An edit keeps what it leaves out, so it clears the optional
 * deadlines with null and the forum with a blank address instead.
 */
function toSend<T extends Partial<CompetitionInput>>(input: T, editing = false): T {
  const drop = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== undefined));
  const cleared = editing
    ? {
        entry_deadline: input.entry_deadline || null,
        merger_deadline: input.merger_deadline || null,
        forum_url: input.forum_url ?? '',
      }
    : {};
  return {
    ...drop(input),
    ...cleared,
    ...(input.phases && { phases: input.phases.map((p) => ({ ...drop(p), evaluation: drop(p.evaluation) })) }),
    ...(input.tiers && { tiers: input.tiers.map(drop) }),
  } as T;
}

/** An RFC 3339 time as a datetime-local control shows it, in the reader's time zone. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return '';
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value as an RFC 3339 UTC time; blank stays blank. */
function fromLocalInput(value: string): string {
  const d = value ? new Date(value) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : '';
}

/** The top-level fields of the form, by the API's name for them. */
const FIELDS = [
  'title',
  'slug',
  'summary',
  'overview',
  'rules',
  'prizes',
  'skills',
  'level',
  'languages',
  'tags',
  'start_at',
  'end_at',
  'entry_deadline',
  'merger_deadline',
  'team_size_limit',
  'daily_limit',
  'total_limit',
  'final_selections',
  'tiers',
  'eligibility',
  'data_licence',
  'forum_url',
  'phases',
];

const PHASE_FIELDS = ['id', 'title', 'start_at', 'end_at', 'daily_limit', 'metric', 'id_column', 'target_column', 'k', 'public_fraction', 'seed'];

/** A phase's path ("phases[1].evaluation.metric") as its number and field ("metric"). */
function phasePath(path: string): { index: number; field: string } | null {
  const m = /^phases\[(\d+)\]\.(?:evaluation\.)?(\w+)/.exec(path);
  return m ? { index: Number(m[1]), field: m[2]! } : null;
}

/** Whether a problem belongs to the data page: a phase without its solution. */
const isSolutionProblem = (path: string) => /^phases\[\d+\]\.solution$/.test(path);

function CompetitionForm({
  initial,
  orgID,
  version,
  onReload,
}: {
  initial: CompetitionInput;
  /** Set when creating: the organisation that hosts the new competition. */
  orgID?: string;
  version?: number;
  onReload?(): void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const creating = orgID !== undefined;
  const edited = useRef(version ?? 0);
  const [conflict, setConflict] = useState(false);
  const [published, setPublished] = useState(false);
  const { form, setForm, problems, busy, outcome, submit, publish } = useDraftEditor(initial, creating, {
    base: '/console/competitions',
    create: (input) => createCompetition(orgID ?? '', toSend(input)),
    update: async (slug, fields) => {
      try {
        const saved = await updateCompetition(slug, toSend(fields, true), edited.current);
        edited.current = saved.version;
        return saved;
      } catch (err) {
        if (err instanceof ApiError && err.status === 409 && problemCode(err.problem) === PROBLEM.editConflict) {
          setConflict(true);
        }
        throw err;
      }
    },
    publish: async (slug) => {
      edited.current = (await publishCompetition(slug)).version;
      setPublished(true);
      return { published: true };
    },
  });
  const [slugEdited, setSlugEdited] = useState(!creating);

  const set = <K extends keyof CompetitionInput>(key: K, value: CompetitionInput[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setTitle = (title: string) => setForm((f) => ({ ...f, title, slug: slugEdited ? f.slug : slugify(title) }));
  const setPhase = (i: number, phase: Partial<PhaseInput>) => setForm((f) => ({ ...f, phases: f.phases.map((p, k) => (k === i ? { ...p, ...phase } : p)) }));
  const setEvaluation = (i: number, evaluation: Partial<PhaseInput['evaluation']>) =>
    setForm((f) => ({ ...f, phases: f.phases.map((p, k) => (k === i ? { ...p, evaluation: { ...p.evaluation, ...evaluation } } : p)) }));

  // The form shows everything but the solutions, which the data page uploads; a conflict has its own notice.
  const shown: Problems = {
    message: conflict ? undefined : problems.message,
    fields: Object.fromEntries(Object.entries(problems.fields).filter(([path]) => !isSolutionProblem(path))),
  };
  const solutionProblems = Object.keys(problems.fields).filter(isSolutionProblem);
  const error = (field: string) => messagesAt(shown, field, { lines: field !== 'phases' });
  const fieldName = (field: string) => t(`hosting.fields.${field}`);
  const describe = (path: string) => {
    const tier = tierPath(path);
    if (tier) {
      return t('hosting.tierField', { number: tier.index + 1, field: t(`hosting.tierFields.${tier.field}`) });
    }
    const phase = phasePath(path);
    if (phase && PHASE_FIELDS.includes(phase.field)) {
      return t('hosting.phaseField', { number: phase.index + 1, field: t(`hosting.phaseFields.${phase.field}`) });
    }
    const root = rootField(path);
    return FIELDS.includes(root) ? fieldName(root) : path;
  };
  const time = (field: 'start_at' | 'end_at' | 'entry_deadline' | 'merger_deadline', hint?: string) => (
    <TextInput
      id={fieldId(field)}
      type="datetime-local"
      label={fieldName(field)}
      hint={hint}
      value={toLocalInput(form[field])}
      onChange={(v) => set(field, fromLocalInput(v))}
      error={error(field)}
    />
  );

  return (
    <form className="form console-form" onSubmit={(e) => void submit(e)} noValidate>
      {conflict && (
        <div className="notice notice-error" role="alert">
          <p>{t('hosting.conflict')}</p>
          <button type="button" className="button button-quiet" onClick={onReload}>
            {t('hosting.reload')}
          </button>
        </div>
      )}
      <ErrorSummary problems={shown} describe={describe} />
      {solutionProblems.length > 0 && (
        <ProblemsElsewhere
          message={t('hosting.solutionsMissing', { count: solutionProblems.length })}
          to={`/console/competitions/${encodeURIComponent(form.slug)}/data`}
          linkLabel={t('hosting.goToData')}
          focus={Object.keys(shown.fields).length === 0}
        />
      )}
      {outcome.saved && (
        <p className="notice notice-success" role="status">
          {t('console.saved')}
        </p>
      )}
      {published && (
        <p className="notice notice-success" role="status">
          {t('hosting.published')} <Link to={`/competitions/${encodeURIComponent(form.slug)}`}>{t('console.viewPublic')}</Link>
        </p>
      )}

      <fieldset>
        <legend>{t('hosting.about')}</legend>
        <TextInput id={fieldId('title')} label={fieldName('title')} value={form.title} onChange={setTitle} error={error('title')} required />
        <TextInput
          id={fieldId('slug')}
          label={fieldName('slug')}
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
          label={fieldName('summary')}
          hint={t('console.summaryHint')}
          value={form.summary}
          onChange={(v) => set('summary', v)}
          error={error('summary')}
        />
        <MarkdownField id={fieldId('overview')} label={fieldName('overview')} value={form.overview} onChange={(v) => set('overview', v)} error={error('overview')} />
        <MarkdownField id={fieldId('rules')} label={fieldName('rules')} value={form.rules} onChange={(v) => set('rules', v)} error={error('rules')} />
        <MarkdownField
          id={fieldId('prizes')}
          label={fieldName('prizes')}
          value={form.prizes}
          onChange={(v) => set('prizes', v)}
          rows={4}
          error={error('prizes')}
        />
        <SelectField
          id={fieldId('level')}
          label={fieldName('level')}
          value={form.level}
          onChange={(v) => set('level', v)}
          options={LEVELS.map((l) => ({ value: l, label: labels.of('level', l) }))}
          emptyLabel={t('console.notSet')}
          error={error('level')}
        />
        <LinesField
          id={fieldId('languages')}
          label={fieldName('languages')}
          hint={t('hosting.languagesHint')}
          value={form.languages}
          onChange={(v) => set('languages', v)}
          rows={2}
          error={error('languages')}
        />
        <LinesField
          id={fieldId('tags')}
          label={fieldName('tags')}
          hint={t('console.onePerLine')}
          value={form.tags}
          onChange={(v) => set('tags', v)}
          rows={2}
          error={error('tags')}
        />
      </fieldset>

      <SkillPicker
        id={fieldId('skills')}
        legend={fieldName('skills')}
        value={form.skills.map((skill) => ({ skill }))}
        onChange={(v) =>
          set(
            'skills',
            v.map((s) => s.skill),
          )
        }
        withProficiency={false}
        error={error('skills')}
      />

      <fieldset>
        <legend>{t('hosting.datesAndLimits')}</legend>
        <p className="field-hint">{t('hosting.timeZone', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}</p>
        {time('start_at')}
        {time('end_at')}
        {time('entry_deadline', t('hosting.optionalDeadline'))}
        {time('merger_deadline', t('hosting.optionalDeadline'))}
        <NumberField
          id={fieldId('team_size_limit')}
          label={fieldName('team_size_limit')}
          value={form.team_size_limit}
          onChange={(n) => set('team_size_limit', n ?? 0)}
          integer
          error={error('team_size_limit')}
        />
        <NumberField
          id={fieldId('daily_limit')}
          label={fieldName('daily_limit')}
          hint={t('hosting.dailyLimitHint')}
          value={form.daily_limit}
          onChange={(n) => set('daily_limit', n ?? 0)}
          integer
          error={error('daily_limit')}
        />
        <NumberField
          id={fieldId('total_limit')}
          label={fieldName('total_limit')}
          hint={t('hosting.totalLimitHint')}
          value={form.total_limit}
          onChange={(n) => set('total_limit', n ?? 0)}
          blankAs={0}
          integer
          error={error('total_limit')}
        />
        <NumberField
          id={fieldId('final_selections')}
          label={fieldName('final_selections')}
          hint={t('hosting.finalSelectionsHint')}
          value={form.final_selections}
          onChange={(n) => set('final_selections', n ?? 0)}
          integer
          error={error('final_selections')}
        />
      </fieldset>

      <PlacementTiersField tiers={form.tiers} onChange={(tiers) => set('tiers', tiers)} error={error} />

      <fieldset>
        <legend>{t('hosting.entryAndData')}</legend>
        <CheckboxField
          id={fieldId('eligibility')}
          label={t('hosting.membersOnly')}
          hint={t('hosting.membersOnlyHint')}
          checked={form.eligibility === 'org_members'}
          onChange={(v) => set('eligibility', v ? 'org_members' : 'open')}
          error={error('eligibility')}
        />
        <TextInput
          id={fieldId('data_licence')}
          label={fieldName('data_licence')}
          hint={t('hosting.dataLicenceHint')}
          value={form.data_licence}
          onChange={(v) => set('data_licence', v)}
          error={error('data_licence')}
        />
        <TextInput
          id={fieldId('forum_url')}
          type="url"
          label={fieldName('forum_url')}
          hint={t('hosting.forumHint')}
          value={form.forum_url ?? ''}
          onChange={(v) => set('forum_url', v)}
          error={error('forum_url')}
        />
      </fieldset>

      <fieldset id={fieldId('phases')} tabIndex={-1} aria-describedby={error('phases') ? `${fieldId('phases')}-error` : undefined}>
        <legend>{fieldName('phases')}</legend>
        <p className="field-hint">{t('hosting.phasesHint')}</p>
        {error('phases') && (
          <p id={`${fieldId('phases')}-error`} className="field-error">
            {error('phases')}
          </p>
        )}
        {form.phases.map((phase, i) => (
          <PhaseFields
            key={i}
            index={i}
            phase={phase}
            error={(field) => error(`phases[${i}].${field}`)}
            onChange={(p) => setPhase(i, p)}
            onEvaluation={(e) => setEvaluation(i, e)}
            onRemove={form.phases.length > 1 ? () => set('phases', form.phases.filter((_, k) => k !== i)) : undefined}
          />
        ))}
        <button
          type="button"
          className="button button-quiet"
          onClick={() =>
            set('phases', [
              ...form.phases,
              emptyPhase(
                freeID(
                  'phase-',
                  form.phases.map((p) => p.id),
                ),
              ),
            ])
          }
        >
          {t('hosting.addPhase')}
        </button>
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

/** One phase: its id, title, dates and limit, and how its submissions are scored. */
function PhaseFields({
  index,
  phase,
  error,
  onChange,
  onEvaluation,
  onRemove,
}: {
  index: number;
  phase: PhaseInput;
  error(field: string): string | undefined;
  onChange(phase: Partial<PhaseInput>): void;
  onEvaluation(evaluation: Partial<PhaseInput['evaluation']>): void;
  onRemove?(): void;
}) {
  const { t } = useTranslation();
  const metricLabel = useMetricLabel();
  const id = (field: string) => fieldId(`phases[${index}].${field}`);
  const label = (field: string) => t(`hosting.phaseFields.${field}`);
  const ev = phase.evaluation;
  const direction = METRICS.find((m) => m.name === ev.metric)?.direction;
  const name = phase.title || phase.id;
  return (
    <fieldset className="phase-fields">
      <legend>{t('hosting.phaseLegend', { number: index + 1, name })}</legend>
      <TextInput id={id('id')} label={label('id')} hint={t('hosting.phaseIdHint')} value={phase.id} onChange={(v) => onChange({ id: v })} error={error('id')} />
      <TextInput id={id('title')} label={label('title')} value={phase.title} onChange={(v) => onChange({ title: v })} error={error('title')} />
      <TextInput
        id={id('start_at')}
        type="datetime-local"
        label={label('start_at')}
        value={toLocalInput(phase.start_at)}
        onChange={(v) => onChange({ start_at: fromLocalInput(v) })}
        error={error('start_at')}
      />
      <TextInput
        id={id('end_at')}
        type="datetime-local"
        label={label('end_at')}
        value={toLocalInput(phase.end_at)}
        onChange={(v) => onChange({ end_at: fromLocalInput(v) })}
        error={error('end_at')}
      />
      <NumberField
        id={id('daily_limit')}
        label={label('daily_limit')}
        hint={t('hosting.phaseDailyLimitHint')}
        value={phase.daily_limit}
        onChange={(n) => onChange({ daily_limit: n ?? 0 })}
        blankAs={0}
        integer
        error={error('daily_limit')}
      />
      <SelectField
        id={id('evaluation.metric')}
        label={label('metric')}
        hint={direction && t(`hosting.direction.${direction}`)}
        value={ev.metric}
        onChange={(v) => onEvaluation({ metric: v, k: v === RANKING_METRIC ? (ev.k ?? 5) : undefined })}
        options={METRICS.map((m) => ({ value: m.name, label: `${metricLabel(m.name)} (${t(`hosting.directionShort.${m.direction}`)})` }))}
        error={error('evaluation.metric')}
      />
      {ev.metric === RANKING_METRIC && (
        <NumberField id={id('evaluation.k')} label={label('k')} value={ev.k} onChange={(n) => onEvaluation({ k: n })} integer error={error('evaluation.k')} />
      )}
      <TextInput
        id={id('evaluation.id_column')}
        label={label('id_column')}
        value={ev.id_column}
        onChange={(v) => onEvaluation({ id_column: v })}
        error={error('evaluation.id_column')}
      />
      <TextInput
        id={id('evaluation.target_column')}
        label={label('target_column')}
        hint={t('hosting.targetColumnHint')}
        value={ev.target_column}
        onChange={(v) => onEvaluation({ target_column: v })}
        error={error('evaluation.target_column')}
      />
      <NumberField
        id={id('evaluation.public_fraction')}
        label={label('public_fraction')}
        hint={t('hosting.publicFractionHint')}
        value={ev.public_fraction}
        onChange={(n) => onEvaluation({ public_fraction: n })}
        error={error('evaluation.public_fraction')}
      />
      <NumberField
        id={id('evaluation.seed')}
        label={label('seed')}
        hint={t('hosting.seedHint')}
        value={ev.seed}
        onChange={(n) => onEvaluation({ seed: n })}
        integer
        error={error('evaluation.seed')}
      />
      {onRemove && (
        <button type="button" className="button button-small button-quiet" onClick={onRemove}>
          {t('hosting.removePhase', { name })}
        </button>
      )}
    </fieldset>
  );
}
