import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { findSkills } from '../api/console';
import { TypeaheadField, useTypeahead } from '../components/Typeahead';
import { toLanguage } from '../i18n';
import { useLabels } from '../i18n/labels';
import { skillLabel, useSkills } from '../lib/skills';
import { PROFICIENCIES } from './options';

/** A chosen skill and, for a course, the proficiency it reaches (or another level the picker offers). */
export interface PickedSkill {
  skill: string;
  proficiency?: string;
}

/** A level a skill may be chosen at, as the picker's select offers it. */
export interface LevelOption {
  value: string;
  label: string;
}

/**
 * Chooses skills of the taxonomy: a search by the start of a label in the interface
 * language, results to add with a button, and the chosen skills with their
 * proficiency (when asked for; levels replaces the proficiencies of courses), what
 * extra renders beside each, and a button to remove each.
 */
export function SkillPicker({
  id,
  legend,
  value,
  onChange,
  withProficiency,
  levels,
  levelLabel,
  extra,
  hint,
  error,
}: {
  id: string;
  legend: string;
  value: PickedSkill[];
  onChange(value: PickedSkill[]): void;
  withProficiency: boolean;
  levels?: LevelOption[];
  /** The accessible name of a skill's level select, when levels are given. */
  levelLabel?: (skill: string) => string;
  extra?: (skill: PickedSkill, index: number, label: string) => ReactNode;
  hint?: string;
  error?: string;
}) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const language = toLanguage(i18n.resolvedLanguage);
  const chosen = useSkills(value.map((s) => s.skill));
  const search = useTypeahead((q, signal) => findSkills(q, language, signal).then((page) => page.items), language);

  const picked = new Set(value.map((s) => s.skill));
  const results = search.items.filter((s) => !picked.has(s.id));
  const labelOf = (s: PickedSkill) => {
    const skill = chosen.get(s.skill);
    return skill ? skillLabel(skill, language) : s.skill;
  };
  const errorID = error ? `${id}-error` : undefined;
  const options = levels ?? PROFICIENCIES.map((p) => ({ value: p, label: labels.of('proficiency', p) }));

  return (
    <fieldset id={id} className={error ? 'skill-picker field-invalid' : 'skill-picker'} aria-describedby={errorID} tabIndex={-1}>
      <legend>{legend}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      {error && (
        <p id={errorID} className="field-error">
          {error}
        </p>
      )}
      {value.length === 0 ? (
        <p className="field-hint">{t('console.noSkills')}</p>
      ) : (
        <ul className="picked-skills">
          {value.map((s, i) => (
            <li key={s.skill}>
              <span className="picked-skill-label">{labelOf(s)}</span>
              {withProficiency && (
                <span className="picked-skill-proficiency">
                  <label htmlFor={`${id}-proficiency-${i}`} className="visually-hidden">
                    {levelLabel ? levelLabel(labelOf(s)) : t('console.proficiencyOf', { skill: labelOf(s) })}
                  </label>
                  <select
                    id={`${id}-proficiency-${i}`}
                    value={s.proficiency ?? ''}
                    onChange={(e) => onChange(value.map((v, k) => (k === i ? { ...v, proficiency: e.target.value } : v)))}
                  >
                    {options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </span>
              )}
              {extra?.(s, i, labelOf(s))}
              <button type="button" className="button button-small button-quiet" onClick={() => onChange(value.filter((_, k) => k !== i))}>
                {t('console.remove')} <span className="visually-hidden">{labelOf(s)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <TypeaheadField
        id={id}
        label={t('console.findSkill')}
        hint={t('console.findSkillHint')}
        query={search.query}
        onQuery={search.setQuery}
        status={search.failed ? t('console.skillSearchFailed') : search.answered ? t('console.skillsFound', { count: results.length }) : ''}
      />
      {results.length > 0 && (
        <ul className="skill-results">
          {results.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="button button-small button-quiet"
                onClick={() => {
                  onChange([...value, withProficiency ? { skill: s.id, proficiency: options[0]?.value ?? 'basic' } : { skill: s.id }]);
                  search.setQuery('');
                }}
              >
                {t('console.add')} <span className="visually-hidden">{t('console.skill')}</span> {s.label}
              </button>
              {s.description && <span className="skill-result-description">{s.description}</span>}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
