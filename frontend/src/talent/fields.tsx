import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CEFR_LEVELS, findOccupations, type Language, type Ref } from '../api/talent';
import { TypeaheadField, useTypeahead } from '../components/Typeahead';
import { useFormat } from '../i18n/format';
import { labelled } from '../console/options';
import { LANGUAGE_CODES } from './options';

function ErrorLine({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : null;
}

/**
 * Languages with a CEFR level each: a row per language with its two choices and a
 * button to remove it, and a button to add one.
 */
export function LanguagesEditor({
  id,
  legend,
  hint,
  value,
  onChange,
  error,
}: {
  id: string;
  legend: string;
  hint?: string;
  value: Language[];
  onChange(value: Language[]): void;
  error?: string;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const set = (i: number, change: Partial<Language>) => onChange(value.map((l, k) => (k === i ? { ...l, ...change } : l)));
  const languages = useMemo(() => labelled(LANGUAGE_CODES, format.languageName, undefined, i18n.resolvedLanguage), [format, i18n.resolvedLanguage]);
  const free = LANGUAGE_CODES.find((c) => !value.some((l) => l.code === c)) ?? 'en';
  return (
    <fieldset id={id} className={error ? 'field-invalid' : undefined} aria-describedby={error ? `${id}-error` : undefined} tabIndex={-1}>
      <legend>{legend}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      <ErrorLine id={id} error={error} />
      {value.length === 0 && <p className="field-hint">{t('talent.noLanguages')}</p>}
      {value.map((l, i) => (
        <div key={i} className="field-grid talent-row">
          <div className="field">
            <label htmlFor={`${id}-${i}-code`}>{t('talent.language', { number: i + 1 })}</label>
            <select id={`${id}-${i}-code`} value={l.code} onChange={(e) => set(i, { code: e.target.value })}>
              {(languages.some((o) => o.value === l.code) ? languages : [...languages, { value: l.code, label: l.code }]).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-${i}-cefr`}>{t('talent.cefrOf', { language: format.languageName(l.code) })}</label>
            <select id={`${id}-${i}-cefr`} value={l.cefr} onChange={(e) => set(i, { cefr: e.target.value })}>
              {CEFR_LEVELS.map((c) => (
                <option key={c} value={c}>
                  {t(`talent.cefr.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <button type="button" className="button button-small button-quiet" onClick={() => onChange(value.filter((_, k) => k !== i))}>
              {t('console.remove')} <span className="visually-hidden">{format.languageName(l.code)}</span>
            </button>
          </div>
        </div>
      ))}
      <button type="button" className="button button-small button-quiet" onClick={() => onChange([...value, { code: free, cefr: 'B2' }])}>
        {t('talent.addLanguage')}
      </button>
    </fieldset>
  );
}

/** A set of countries chosen with a checkbox each, listed by name in the reader's language. */
export function CountryChecks({
  id,
  legend,
  hint,
  countries,
  value,
  onChange,
  error,
}: {
  id: string;
  legend: string;
  hint?: string;
  countries: readonly string[];
  value: string[];
  onChange(value: string[]): void;
  error?: string;
}) {
  const { i18n } = useTranslation();
  const format = useFormat();
  const hintID = hint ? `${id}-hint` : undefined;
  const options = useMemo(() => labelled(countries, format.countryName, undefined, i18n.resolvedLanguage), [countries, format, i18n.resolvedLanguage]);
  return (
    <fieldset
      id={id}
      className={error ? 'country-checks field-invalid' : 'country-checks'}
      aria-describedby={[hintID, error && `${id}-error`].filter(Boolean).join(' ') || undefined}
      tabIndex={-1}
    >
      <legend>{legend}</legend>
      {hint && (
        <p id={hintID} className="field-hint">
          {hint}
        </p>
      )}
      <ErrorLine id={id} error={error} />
      <ul className="check-grid">
        {options.map((c) => (
          <li key={c.value} className="check-row">
            <input
              id={`${id}-${c.value}`}
              type="checkbox"
              checked={value.includes(c.value)}
              onChange={(e) => onChange(e.target.checked ? [...value, c.value] : value.filter((v) => v !== c.value))}
            />
            <label htmlFor={`${id}-${c.value}`}>{c.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/**
 * Chooses ESCO occupations: a search by the start of a label or an ESCO code, results
 * to pick with a button, and the chosen ones with a button to remove each. With
 * single, a pick replaces the one chosen.
 */
export function OccupationPicker({
  id,
  legend,
  hint,
  value,
  onChange,
  single = false,
  error,
}: {
  id: string;
  legend: string;
  hint?: string;
  value: Ref[];
  onChange(value: Ref[], picked?: Ref): void;
  single?: boolean;
  error?: string;
}) {
  const { t } = useTranslation();
  const search = useTypeahead(findOccupations);

  const chosen = new Set(value.map((o) => o.id));
  const results = search.items.filter((o) => !chosen.has(o.id));
  return (
    <fieldset id={id} className={error ? 'skill-picker field-invalid' : 'skill-picker'} aria-describedby={error ? `${id}-error` : undefined} tabIndex={-1}>
      <legend>{legend}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      <ErrorLine id={id} error={error} />
      {value.length === 0 ? (
        <p className="field-hint">{t('talent.noOccupation')}</p>
      ) : (
        <ul className="picked-skills">
          {value.map((o) => (
            <li key={o.id}>
              <span className="picked-skill-label">{o.label}</span>
              <button type="button" className="button button-small button-quiet" onClick={() => onChange(value.filter((v) => v.id !== o.id))}>
                {t('console.remove')} <span className="visually-hidden">{o.label}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <TypeaheadField
        id={id}
        label={t('talent.findOccupation')}
        hint={t('talent.findOccupationHint')}
        query={search.query}
        onQuery={search.setQuery}
        status={search.failed ? t('talent.occupationSearchFailed') : search.answered ? t('talent.occupationsFound', { count: results.length }) : ''}
      />
      {results.length > 0 && (
        <ul className="skill-results">
          {results.map((o) => (
            <li key={o.id}>
              <button
                type="button"
                className="button button-small button-quiet"
                onClick={() => {
                  const picked = { id: o.id, label: o.label };
                  onChange(single ? [picked] : [...value, picked], picked);
                  search.setQuery('');
                }}
              >
                {single ? t('talent.choose') : t('console.add')} <span className="visually-hidden">{t('talent.occupation')}</span> {o.label}
              </button>
              <span className="skill-result-description">{o.code}</span>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
