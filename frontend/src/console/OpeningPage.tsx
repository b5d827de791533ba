import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { problemCode } from '../api/competitions';
import type { Org } from '../api/console';
import {
  closeOpening,
  createOpening,
  annualThreshold,
  getBlueCardThresholds,
  thresholdFor,
  getOccupation,
  getOpening,
  PAY_PERIODS,
  publishOpening,
  REMOTE_POLICIES,
  SKILL_LEVELS,
  TALENT_PROBLEM,
  updateOpening,
  type Occupation,
  type Opening,
  type OpeningFields,
  type OpeningSkill,
  type Pay,
} from '../api/talent';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { toLanguage } from '../i18n';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { LanguagesEditor, OccupationPicker } from '../talent/fields';
import { publishProblems, yearly } from '../talent/validate';
import { CompanyFrame, companyPath } from './CompanyFrame';
import { ErrorSummary } from './ErrorSummary';
import { CheckboxField, MarkdownField, NumberField, SelectField, TextInput } from './fields';
import { COUNTRIES, CURRENCIES, labelled } from './options';
import { fieldId, messagesAt, messagesUnder, NO_PROBLEMS, problemsFrom, rootField, type Problems } from './problems';
import { SkillPicker } from './SkillPicker';

/** /console/orgs/:orgId/openings/new and /console/orgs/:orgId/openings/:openingId: an opening's editor. */
export default function OpeningPage() {
  const { t } = useTranslation();
  const { openingId } = useParams();
  return (
    <CompanyFrame title={openingId ? t('recruit.editOpening') : t('recruit.newOpening')}>
      {(org) => (openingId ? <LoadedOpening org={org} openingID={openingId} /> : <NewOpening org={org} />)}
    </CompanyFrame>
  );
}

function emptyOpening(org: Org): OpeningFields {
  return {
    title: '',
    description: '',
    occupation: null,
    skills: [],
    languages: [],
    country: org.country,
    city: '',
    remote_policy: 'on_site',
    permit_support: false,
    pay: { min: 0, max: 0, currency: 'EUR', period: 'year' },
    start_date: '',
  };
}

function fieldsOf(o: Opening): OpeningFields {
  return {
    title: o.title,
    description: o.description,
    occupation: o.occupation,
    skills: o.skills,
    languages: o.languages,
    country: o.country,
    city: o.city,
    remote_policy: o.remote_policy,
    permit_support: o.permit_support,
    pay: o.pay,
    start_date: o.start_date,
  };
}

function NewOpening({ org }: { org: Org }) {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('recruit.newOpening')}</h1>
      <p className="lead">{t('recruit.newLead', { name: org.name })}</p>
      <OpeningForm org={org} initial={emptyOpening(org)} />
    </>
  );
}

function LoadedOpening({ org, openingID }: { org: Org; openingID: string }) {
  const { t } = useTranslation();
  const [round, setRound] = useState(0);
  const state = useAsync((signal) => getOpening(org.id, openingID, signal), `${org.id}:${openingID}:${round}`);
  if (state.status === 'loading') {
    return <Loading />;
  }
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  const o = state.data;
  return (
    <>
      <h1>{o.title || t('recruit.untitled')}</h1>
      <OpeningForm
        key={`${o.id}:${o.version}:${o.status}`}
        org={org}
        initial={fieldsOf(o)}
        opening={o}
        onReload={() => setRound((r) => r + 1)}
      />
    </>
  );
}

/** The problems' field names, in words: "pay.min" is under recruit.fields.pay_min. */
function useDescribe() {
  const { t } = useTranslation();
  return (path: string) => {
    const key = /^pay\.(min|max|currency|period)/.exec(path)?.[0].replace('.', '_') ?? rootField(path);
    return t(`recruit.fields.${key}`, { defaultValue: path });
  };
}

function OpeningForm({ org, initial, opening, onReload }: { org: Org; initial: OpeningFields; opening?: Opening; onReload?(): void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const location = useLocation();
  const describe = useDescribe();
  const [form, setForm] = useState<OpeningFields>(initial);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(((location.state as { notice?: string } | null) ?? {}).notice ?? null);
  const [proposal, setProposal] = useState<Occupation | null>(null);
  const version = useRef(opening?.version ?? 0);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const set = <K extends keyof OpeningFields>(key: K, value: OpeningFields[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setPay = (change: Partial<Pay>) => setForm((f) => ({ ...f, pay: { ...f.pay, ...change } }));

  useEffect(() => {
    if (notice) {
      noticeRef.current?.focus();
    }
  }, [notice]);

  const failed = (err: unknown) => {
    if (err instanceof ApiError && err.status === 409 && problemCode(err.problem) === TALENT_PROBLEM.editConflict) {
      setConflict(true);
    }
    setProblems(problemsFrom(err, errorMessage));
  };

  /** Saves the form: creates the draft first, or updates it; answers the saved opening. */
  const save = async (): Promise<Opening | null> => {
    setProblems(NO_PROBLEMS);
    setNotice(null);
    setConflict(false);
    try {
      if (!opening) {
        return await createOpening(org.id, form);
      }
      const saved = await updateOpening(org.id, opening.id, form, version.current);
      version.current = saved.version;
      return saved;
    } catch (err) {
      failed(err);
      return null;
    }
  };

  const open = (saved: Opening, message: string) =>
    navigate(companyPath(org.id, 'openings', saved.id), { replace: true, state: { notice: message } });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const saved = await save();
    if (saved && !opening) {
      void open(saved, t('recruit.draftCreated'));
    } else if (saved) {
      setNotice(t('console.saved'));
    }
    setBusy(false);
  };

  const publish = async () => {
    const found = publishProblems(form);
    if (Object.keys(found).length > 0) {
      setNotice(null);
      setProblems({ fields: Object.fromEntries(Object.entries(found).map(([f, key]) => [f, [t(key)]])) });
      return;
    }
    setBusy(true);
    const saved = await save();
    if (saved) {
      try {
        const published = await publishOpening(org.id, saved.id);
        if (opening) {
          onReload?.();
        }
        void open(published, t('recruit.published'));
      } catch (err) {
        failed(err);
      }
    }
    setBusy(false);
  };

  const close = async () => {
    if (!opening) {
      return;
    }
    setBusy(true);
    try {
      await closeOpening(org.id, opening.id);
      void open(opening, t('recruit.closed'));
      onReload?.();
    } catch (err) {
      failed(err);
    }
    setBusy(false);
  };

  const pickOccupation = async (picked: { id: string; label: string } | undefined) => {
    setProposal(null);
    if (!picked) {
      return;
    }
    try {
      setProposal(await getOccupation(picked.id, toLanguage(i18n.resolvedLanguage)));
    } catch (err) {
      setProblems({ fields: {}, message: errorMessage(err) });
    }
  };

  const addSkills = (skills: { id: string; label: string }[], essential: boolean) => {
    setForm((f) => {
      const have = new Set(f.skills.map((s) => s.skill));
      const added = skills.filter((s) => !have.has(s.id)).map((s) => ({ skill: s.id, label: s.label, essential, min_level: 0 }));
      return { ...f, skills: [...f.skills, ...added] };
    });
  };

  // Pay's members have fields of their own; anything else is shown at the field it is under.
  const error = (field: string) => (field.startsWith('pay') ? messagesAt(problems, field) : messagesUnder(problems, field));
  const levels = SKILL_LEVELS.map((l) => ({ value: String(l), label: t(`talent.minLevels.${l}`) }));
  const status = opening?.status ?? 'draft';

  return (
    <form className="form console-form" onSubmit={(e) => void submit(e)} noValidate>
      <p>
        <span className={`status status-${status === 'open' ? 'published' : status === 'closed' ? 'archived' : 'draft'}`}>
          {t(`recruit.status.${status}`)}
        </span>{' '}
        {opening && status !== 'draft' && (
          <Link to={companyPath(org.id, 'openings', opening.id, 'matches')}>{t('recruit.matchesOf', { title: opening.title })}</Link>
        )}
      </p>
      {conflict && (
        <div className="notice notice-error" role="alert">
          <p>{t('recruit.conflict')}</p>
          <button type="button" className="button button-quiet" onClick={onReload}>
            {t('talent.reload')}
          </button>
        </div>
      )}
      <ErrorSummary problems={conflict ? { fields: problems.fields } : problems} describe={describe} />
      {notice && (
        <p ref={noticeRef} className="notice notice-success" role="status" tabIndex={-1}>
          {notice}
        </p>
      )}

      <fieldset>
        <legend>{t('recruit.aboutOpening')}</legend>
        <TextInput id={fieldId('title')} label={t('recruit.fields.title')} value={form.title} onChange={(v) => set('title', v)} error={error('title')} required />
        <MarkdownField
          id={fieldId('description')}
          label={t('recruit.fields.description')}
          value={form.description}
          onChange={(v) => set('description', v)}
          rows={8}
          error={error('description')}
        />
        <TextInput
          id={fieldId('start_date')}
          type="date"
          label={t('recruit.fields.start_date')}
          value={form.start_date}
          onChange={(v) => set('start_date', v)}
          error={error('start_date')}
        />
      </fieldset>

      <OccupationPicker
        id={fieldId('occupation')}
        legend={t('recruit.fields.occupation')}
        hint={t('recruit.occupationHint')}
        value={form.occupation ? [form.occupation] : []}
        onChange={(v, picked) => {
          set('occupation', v[0] ?? null);
          void pickOccupation(picked);
        }}
        single
        error={error('occupation')}
      />
      {proposal && <Proposal occupation={proposal} chosen={form.skills} onAdd={addSkills} />}

      <SkillPicker
        id={fieldId('skills')}
        legend={t('recruit.fields.skills')}
        hint={t('recruit.skillsHint')}
        value={form.skills.map((s) => ({ skill: s.skill, proficiency: String(s.min_level) }))}
        onChange={(v) =>
          set(
            'skills',
            v.map((p): OpeningSkill => {
              const had = form.skills.find((s) => s.skill === p.skill);
              return { skill: p.skill, label: had?.label ?? '', essential: had?.essential ?? true, min_level: Number(p.proficiency ?? 0) };
            }),
          )
        }
        withProficiency
        levels={levels}
        levelLabel={(skill) => t('recruit.minLevelOf', { skill })}
        extra={(_skill, i, label) => (
          <span className="check-row">
            <input
              id={`${fieldId('skills')}-essential-${i}`}
              type="checkbox"
              checked={form.skills[i]?.essential ?? true}
              onChange={(e) => set('skills', form.skills.map((s, k) => (k === i ? { ...s, essential: e.target.checked } : s)))}
            />
            <label htmlFor={`${fieldId('skills')}-essential-${i}`}>
              {t('talent.essential')} <span className="visually-hidden">{label}</span>
            </label>
          </span>
        )}
        error={error('skills')}
      />

      <LanguagesEditor
        id={fieldId('languages')}
        legend={t('recruit.fields.languages')}
        hint={t('recruit.languagesHint')}
        value={form.languages}
        onChange={(v) => set('languages', v)}
        error={error('languages')}
      />

      <fieldset>
        <legend>{t('recruit.placeTitle')}</legend>
        <SelectField
          id={fieldId('country')}
          label={t('recruit.fields.country')}
          value={form.country}
          onChange={(v) => set('country', v)}
          options={labelled(COUNTRIES, format.countryName, form.country, i18n.resolvedLanguage)}
          emptyLabel={t('console.notSet')}
          error={error('country')}
        />
        <TextInput
          id={fieldId('city')}
          label={t('recruit.fields.city')}
          hint={t('recruit.cityHint')}
          value={form.city}
          onChange={(v) => set('city', v)}
          error={error('city')}
        />
        <SelectField
          id={fieldId('remote_policy')}
          label={t('recruit.fields.remote_policy')}
          value={form.remote_policy}
          onChange={(v) => set('remote_policy', v as OpeningFields['remote_policy'])}
          options={REMOTE_POLICIES.map((p) => ({ value: p, label: t(`talent.remotePolicy.${p}`) }))}
          error={error('remote_policy')}
        />
      </fieldset>

      <fieldset>
        <legend>{t('recruit.payTitle')}</legend>
        <p className="field-hint">{t('recruit.payHint')}</p>
        <NumberField id={fieldId('pay.min')} label={t('recruit.fields.pay_min')} value={form.pay.min} onChange={(v) => setPay({ min: v ?? 0 })} blankAs={0} error={error('pay.min') ?? error('pay')} />
        <NumberField id={fieldId('pay.max')} label={t('recruit.fields.pay_max')} value={form.pay.max} onChange={(v) => setPay({ max: v ?? 0 })} blankAs={0} error={error('pay.max')} />
        <SelectField
          id={fieldId('pay.currency')}
          label={t('recruit.fields.pay_currency')}
          value={form.pay.currency}
          onChange={(v) => setPay({ currency: v })}
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
          error={error('pay.currency')}
        />
        <SelectField
          id={fieldId('pay.period')}
          label={t('recruit.fields.pay_period')}
          value={form.pay.period}
          onChange={(v) => setPay({ period: v as Pay['period'] })}
          options={PAY_PERIODS.map((p) => ({ value: p, label: t(`recruit.period.${p}`) }))}
          error={error('pay.period')}
        />
      </fieldset>

      <fieldset>
        <legend>{t('recruit.permitTitle')}</legend>
        <CheckboxField
          id={fieldId('permit_support')}
          label={t('recruit.fields.permit_support')}
          hint={t('recruit.permitHint')}
          checked={form.permit_support}
          onChange={(v) => set('permit_support', v)}
          error={error('permit_support')}
        />
        {form.permit_support && <BlueCardCheck country={form.country} pay={form.pay} />}
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button-quiet" disabled={busy}>
          {opening ? t('console.saveDraft') : t('console.createDraft')}
        </button>
        {status !== 'open' && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void publish()}>
            {t('recruit.publish')}
          </button>
        )}
        {status === 'open' && (
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void close()}>
            {t('recruit.close')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The skills ESCO relates to the chosen occupation, offered to add as essential or optional. */
function Proposal({
  occupation,
  chosen,
  onAdd,
}: {
  occupation: Occupation;
  chosen: OpeningSkill[];
  onAdd(skills: { id: string; label: string }[], essential: boolean): void;
}) {
  const { t } = useTranslation();
  const have = new Set(chosen.map((s) => s.skill));
  const essential = occupation.essential.filter((s) => !have.has(s.id));
  const optional = occupation.optional.filter((s) => !have.has(s.id));
  return (
    <section className="notice notice-info" aria-labelledby="occupation-proposal">
      <h2 id="occupation-proposal">{t('recruit.proposalTitle', { occupation: occupation.label })}</h2>
      <p>{t('recruit.proposalBody')}</p>
      {(['essential', 'optional'] as const).map((kind) => {
        const list = kind === 'essential' ? essential : optional;
        return (
          <details key={kind}>
            <summary>{t(`recruit.proposed.${kind}`, { count: list.length })}</summary>
            {list.length > 0 && (
              <>
                <button type="button" className="button button-small button-quiet" onClick={() => onAdd(list, kind === 'essential')}>
                  {t(`recruit.addAll.${kind}`, { count: list.length })}
                </button>
                <ul className="skill-results">
                  {list.map((s) => (
                    <li key={s.id}>
                      <button type="button" className="button button-small button-quiet" onClick={() => onAdd([s], kind === 'essential')}>
                        {t('console.add')} <span className="visually-hidden">{t(`recruit.as.${kind}`)}</span> {s.label}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </details>
        );
      })}
    </section>
  );
}

/**
 * Whether the pay offered meets the EU Blue Card salary threshold of the opening's
 * country, with the figure's year and source; hourly pay is not compared.
 */
export function BlueCardCheck({ country, pay }: { country: string; pay: Pay }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useAsync((signal) => getBlueCardThresholds(signal), 'bluecard');
  if (state.status !== 'success') {
    return state.status === 'error' ? <ErrorNotice error={state.error} /> : null;
  }
  const threshold = thresholdFor(state.data, country);
  if (!threshold) {
    return <p className="field-hint">{t('recruit.bluecard.unknown', { country: country ? format.countryName(country) : '—' })}</p>;
  }
  const offered = yearly(pay.min, pay.period);
  const money = (n: number) => format.money(n, threshold.currency);
  const general = annualThreshold(threshold, false);
  const shortage = threshold.shortage ? annualThreshold(threshold, true) : undefined;
  const figures = { general: money(general), shortage: money(shortage ?? general), year: threshold.year, country: format.countryName(country) };
  let verdict: string;
  let tone = 'notice';
  if (offered === undefined || pay.min <= 0 || pay.currency !== threshold.currency) {
    verdict = t('recruit.bluecard.cannotCompare', figures);
  } else if (offered >= general) {
    verdict = t('recruit.bluecard.meets', figures);
    tone = 'notice notice-success';
  } else if (shortage !== undefined && offered >= shortage) {
    verdict = t('recruit.bluecard.shortageOnly', figures);
  } else {
    verdict = t('recruit.bluecard.below', figures);
    tone = 'notice notice-error';
  }
  return (
    <div className={tone} role="status">
      <p>{verdict}</p>
      <p>
        <a href={threshold.source} target="_blank" rel="noopener noreferrer">
          {t('recruit.bluecard.source', { year: threshold.year })} <span className="visually-hidden">{t('wallet.newTab')}</span>
        </a>
      </p>
    </div>
  );
}
