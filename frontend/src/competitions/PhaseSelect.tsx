import { useTranslation } from 'react-i18next';
import type { Phase } from '../api/competitions';

/** A choice of a competition's phase; nothing when it has only one. */
export function PhaseSelect({ id, phases, value, onChange, className = 'field' }: { id: string; phases: Phase[]; value: string; onChange(phase: string): void; className?: string }) {
  const { t } = useTranslation();
  if (phases.length <= 1) {
    return null;
  }
  return (
    <div className={className}>
      <label htmlFor={id}>{t('competition.phase')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {phases.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
    </div>
  );
}
