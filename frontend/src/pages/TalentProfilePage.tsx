import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { problemCode } from '../api/competitions';
import {
  deleteImport,
  importCounts,
  importCredential,
  TALENT_PROBLEM,
  updateProfile,
  type Import,
  type Profile,
  type ProfileFields,
  type Visibility,
} from '../api/talent';
import { useErrorMessage } from '../components/ErrorNotice';
import { ErrorSummary } from '../console/ErrorSummary';
import { CheckboxField, SelectField, TextArea, TextInput } from '../console/fields';
import { COUNTRIES, labelled } from '../console/options';
import { fieldId, messagesUnder, NO_PROBLEMS, problemsFrom, rootField, type Problems } from '../console/problems';
import { SkillPicker } from '../console/SkillPicker';
import { useFormat } from '../i18n/format';
import { CountryChecks, LanguagesEditor, OccupationPicker } from '../talent/fields';
import { WORLD_COUNTRIES } from '../talent/options';
import { TalentFrame } from '../talent/TalentFrame';
import { profileProblems } from '../talent/validate';

/** /talent/profile: what the learner shows companies, and what they keep to themselves. */
export default function TalentProfilePage() {
  const { t } = useTranslation();
  return (
    <TalentFrame title={t('talent.profileTitle')} lead={t('talent.profileLead')} needsPool>
      {(profile, update) => (
        <>
          <VerifiedSkills profile={profile} />
          <ProfileForm profile={profile} onSaved={update} />
          <Imports profile={profile} onChange={update} />
        </>
      )}
    </TalentFrame>
  );
}

const VISIBLE: (keyof Visibility)[] = ['headline', 'languages', 'location', 'availability', 'self_declared'];

function fieldsOf(p: Profile): ProfileFields {
  return {
    headline: p.headline,
    occupations: p.occupations,
    self_declared: p.self_declared,
    languages: p.languages,
    country: p.country,
    places: p.places,
    remote: p.remote,
    available_from: p.available_from,
    work_authorisation: p.work_authorisation,
    visible: p.visible,
  };
}

/** The skills the learner's credentials prove, read-only, each with the credentials behind it. */
function VerifiedSkills({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const verified = profile.skills.filter((s) => s.evidence !== 'self_declared');
  return (
    <section className="section-tight" aria-labelledby="talent-verified">
      <h2 id="talent-verified">{t('talent.verifiedTitle')}</h2>
      <p>{t('talent.verifiedBody')}</p>
      {verified.length === 0 ? (
        <p className="empty-state">
          {t('talent.noVerified')} <Link to="/search?type=course">{t('learning.explore')}</Link>
        </p>
      ) : (
        <ul className="talent-skills">
          {verified.map((s) => (
            <li key={s.skill}>
              <strong>{s.label}</strong> <span className="badge">{t(`talent.evidence.${s.evidence}`)}</span>{' '}
              {s.level > 0 && <span>{t(`talent.levels.${s.level}`)}</span>}
              <ul className="row-actions">
                {s.sources.map((c) => (
                  <li key={c.credential_id}>
                    <Link to={`/verify/${encodeURIComponent(c.credential_id)}`}>{t('talent.checkSource', { title: c.title })}</Link>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ProfileForm({ profile, onSaved }: { profile: Profile; onSaved(profile: Profile): void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [form, setForm] = useState<ProfileFields>(() => fieldsOf(profile));
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState(false);
  // The version this form edits: a save moves it on, so the next save is not taken for a stale one.
  const [version, setVersion] = useState(profile.version);
  const savedRef = useRef<HTMLParagraphElement>(null);
  const set = <K extends keyof ProfileFields>(key: K, value: ProfileFields[K]) => setForm((f) => ({ ...f, [key]: value }));
  // Naming every country of the world is slow enough to feel while typing: done once per language.
  const countries = useMemo(
    () => labelled(WORLD_COUNTRIES, format.countryName, form.country, i18n.resolvedLanguage),
    [format, form.country, i18n.resolvedLanguage],
  );

  useEffect(() => {
    if (saved) {
      savedRef.current?.focus();
    }
  }, [saved]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setConflict(false);
    const found = profileProblems(form, profile.skills.filter((s) => s.evidence !== 'self_declared').length);
    if (Object.keys(found).length > 0) {
      setProblems({ fields: Object.fromEntries(Object.entries(found).map(([f, key]) => [f, [t(key)]])) });
      return;
    }
    setBusy(true);
    setProblems(NO_PROBLEMS);
    try {
      const next = await updateProfile(form, version);
      setVersion(next.version);
      setSaved(true);
      onSaved(next);
    } catch (err) {
      if (err instanceof ApiError && problemCode(err.problem) === TALENT_PROBLEM.editConflict) {
        setConflict(true);
      }
      setProblems(problemsFrom(err, errorMessage));
    } finally {
      setBusy(false);
    }
  };

  const error = (field: string) => messagesUnder(problems, field);
  const describe = (path: string) => t(`talent.fields.${rootField(path)}`, { defaultValue: path });
  const levels = [1, 2, 3, 4].map((l) => ({ value: String(l), label: t(`talent.levels.${l}`) }));

  return (
    <form className="form console-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="talent-profile-form">
      <h2 id="talent-profile-form">{t('talent.profileFormTitle')}</h2>
      {conflict && (
        <div className="notice notice-error" role="alert">
          <p>{t('talent.conflict')}</p>
          <button type="button" className="button button-quiet" onClick={() => window.location.reload()}>
            {t('talent.reload')}
          </button>
        </div>
      )}
      <ErrorSummary problems={problems} describe={describe} />
      {saved && (
        <p ref={savedRef} className="notice notice-success" role="status" tabIndex={-1}>
          {t('talent.saved')}
        </p>
      )}

      <fieldset>
        <legend>{t('talent.aboutYou')}</legend>
        <TextArea
          id={fieldId('headline')}
          label={t('talent.fields.headline')}
          hint={t('talent.headlineHint')}
          value={form.headline}
          onChange={(v) => set('headline', v)}
          rows={2}
          error={error('headline')}
        />
        <CheckboxField
          id="f-visible-headline"
          label={t('talent.visible.headline')}
          checked={form.visible.headline}
          onChange={(v) => set('visible', { ...form.visible, headline: v })}
        />
      </fieldset>

      <OccupationPicker
        id={fieldId('occupations')}
        legend={t('talent.fields.occupations')}
        hint={t('talent.occupationsHint')}
        value={form.occupations}
        onChange={(v) => set('occupations', v)}
        error={error('occupations')}
      />

      <SkillPicker
        id={fieldId('self_declared')}
        legend={t('talent.fields.self_declared')}
        hint={t('talent.declaredHint')}
        value={form.self_declared.map((s) => ({ skill: s.skill, proficiency: String(s.level) }))}
        onChange={(v) =>
          set(
            'self_declared',
            v.map((s) => ({
              skill: s.skill,
              label: form.self_declared.find((d) => d.skill === s.skill)?.label ?? '',
              level: Number(s.proficiency ?? 1),
            })),
          )
        }
        withProficiency
        levels={levels}
        levelLabel={(skill) => t('talent.levelOf', { skill })}
        extra={() => <span className="badge badge-note">{t('talent.evidence.self_declared')}</span>}
        error={error('self_declared')}
      />
      <CheckboxField
        id="f-visible-self_declared"
        label={t('talent.visible.self_declared')}
        checked={form.visible.self_declared}
        onChange={(v) => set('visible', { ...form.visible, self_declared: v })}
      />

      <LanguagesEditor
        id={fieldId('languages')}
        legend={t('talent.fields.languages')}
        value={form.languages}
        onChange={(v) => set('languages', v)}
        error={error('languages')}
      />
      <CheckboxField
        id="f-visible-languages"
        label={t('talent.visible.languages')}
        checked={form.visible.languages}
        onChange={(v) => set('visible', { ...form.visible, languages: v })}
      />

      <fieldset>
        <legend>{t('talent.whereTitle')}</legend>
        <SelectField
          id={fieldId('country')}
          label={t('talent.fields.country')}
          value={form.country}
          onChange={(v) => set('country', v)}
          options={countries}
          emptyLabel={t('console.notSet')}
          error={error('country')}
        />
        <CheckboxField id={fieldId('remote')} label={t('talent.fields.remote')} checked={form.remote} onChange={(v) => set('remote', v)} />
        <CheckboxField
          id="f-visible-location"
          label={t('talent.visible.location')}
          checked={form.visible.location}
          onChange={(v) => set('visible', { ...form.visible, location: v })}
        />
      </fieldset>
      <CountryChecks
        id={fieldId('places')}
        legend={t('talent.fields.places')}
        hint={t('talent.placesHint')}
        countries={COUNTRIES}
        value={form.places}
        onChange={(v) => set('places', v)}
        error={error('places')}
      />

      <fieldset>
        <legend>{t('talent.availabilityTitle')}</legend>
        <TextInput
          id={fieldId('available_from')}
          type="date"
          label={t('talent.fields.available_from')}
          hint={t('talent.availableHint')}
          value={form.available_from}
          onChange={(v) => set('available_from', v)}
          error={error('available_from')}
        />
        <CheckboxField
          id="f-visible-availability"
          label={t('talent.visible.availability')}
          checked={form.visible.availability}
          onChange={(v) => set('visible', { ...form.visible, availability: v })}
        />
      </fieldset>

      <CountryChecks
        id={fieldId('work_authorisation')}
        legend={t('talent.fields.work_authorisation')}
        hint={t('talent.rightToWorkHint')}
        countries={COUNTRIES}
        value={form.work_authorisation.right_to_work}
        onChange={(v) => set('work_authorisation', { ...form.work_authorisation, right_to_work: v })}
        error={error('work_authorisation')}
      />
      <CheckboxField
        id="f-needs_permit"
        label={t('talent.needsPermit')}
        hint={t('talent.needsPermitHint')}
        checked={form.work_authorisation.needs_permit}
        onChange={(v) => set('work_authorisation', { ...form.work_authorisation, needs_permit: v })}
      />
      <p className="field-hint">{t('talent.neverCollected')}</p>
      <p className="field-hint">{t('talent.visibleSummary', { count: VISIBLE.filter((k) => form.visible[k]).length })}</p>

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('talent.saveProfile')}
        </button>
      </div>
    </form>
  );
}

/** Credentials earned elsewhere: pasted as a VC-JWT, verified by the server, or refused with the reason. */
function Imports({ profile, onChange }: { profile: Profile; onChange(profile: Profile): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [jwt, setJwt] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (!jwt.trim()) {
      setError(t('talent.problems.jwtRequired'));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const imported = await importCredential(jwt.trim());
      onChange({ ...profile, imports: [...profile.imports, imported] });
      setJwt('');
      setError(undefined);
      setDone(t('talent.imported', { title: imported.title }));
    } catch (err) {
      const code = err instanceof ApiError && err.status === 422 ? problemCode(err.problem) : '';
      const reason = code ? t(`talent.importRefused.${code}`, { defaultValue: '' }) : '';
      const detail = err instanceof ApiError ? err.detail : undefined;
      setError([reason, detail].filter(Boolean).join(' ') || errorMessage(err));
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const remove = async (imp: Import) => {
    try {
      await deleteImport(imp.id);
      onChange({ ...profile, imports: profile.imports.filter((i) => i.id !== imp.id) });
      setDone(t('talent.importRemoved', { title: imp.title }));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="section-tight" aria-labelledby="talent-imports">
      <h2 id="talent-imports">{t('talent.importsTitle')}</h2>
      <p>{t('talent.importsBody')}</p>
      {profile.imports.length > 0 && (
        <ul className="talent-skills">
          {profile.imports.map((imp) => (
            <li key={imp.id}>
              <strong>{imp.title}</strong> — {imp.issuer}{' '}
              <span className="field-hint">
                {importCounts(imp)
                  ? t('talent.verifiedOn', { date: format.date(imp.verified_at) })
                  : t('talent.importStopped', { reason: t(`talent.importStatus.${imp.status}`, { defaultValue: imp.reason ?? imp.status }) })}
              </span>{' '}
              {imp.skills.length > 0 && (
                <span className="field-hint">{t('talent.importSkills', { skills: imp.skills.map((s) => s.label).join(', ') })} </span>
              )}
              <button type="button" className="button button-small button-quiet" onClick={() => void remove(imp)}>
                {t('console.remove')} <span className="visually-hidden">{imp.title}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p role="status" className={done ? 'notice notice-success' : undefined}>
        {done}
      </p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className={error ? 'field field-invalid' : 'field'}>
          <label htmlFor="f-import">{t('talent.importLabel')}</label>
          <p id="f-import-hint" className="field-hint">
            {t('talent.importHint')}
          </p>
          <textarea
            ref={inputRef}
            id="f-import"
            rows={4}
            value={jwt}
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'f-import-hint f-import-error' : 'f-import-hint'}
            onChange={(e) => setJwt(e.target.value)}
          />
          {error && (
            <p id="f-import-error" className="field-error">
              {error}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('talent.importButton')}
          </button>
        </div>
      </form>
    </section>
  );
}
