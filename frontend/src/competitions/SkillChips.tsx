import { Link } from 'react-router';
import type { CompetitionSkill } from '../api/competitions';

/** A competition's skills, each a link to everything else that teaches it. */
export function SkillChips({ skills, label }: { skills: CompetitionSkill[]; label?: string }) {
  return (
    <ul className="chips" aria-label={label}>
      {skills.map((s) => (
        <li key={s.id}>
          <Link to={`/search?skills=${encodeURIComponent(s.id)}`} className="chip">
            {s.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
