import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SkillRef } from '../api/types';
import { useLabels } from '../i18n/labels';
import { skillLabel, useSkills } from '../lib/skills';

/** Skills as links to everything else that teaches them, with the proficiency reached when known. */
export function SkillList({ skills }: { skills: (SkillRef | string)[] }) {
  const { i18n } = useTranslation();
  const labels = useLabels();
  const refs = skills.map((s) => (typeof s === 'string' ? { skill: s, proficiency: '' } : s));
  const loaded = useSkills(refs.map((r) => r.skill));
  const language = i18n.resolvedLanguage ?? 'en';
  return (
    <ul className="chips">
      {refs.map(({ skill, proficiency }) => {
        const found = loaded.get(skill);
        return (
          <li key={skill}>
            <Link to={`/search?skills=${encodeURIComponent(skill)}`} className="chip">
              {found ? skillLabel(found, language) : '…'}
              {proficiency && <span className="chip-note"> · {labels.of('proficiency', proficiency)}</span>}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
