import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CompetitionSummary } from '../api/competitions';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useMetricLabel } from './labels';
import { SkillChips } from './SkillChips';

/** One competition in a list: who hosts it, when it runs, how it is scored and who takes part. */
export function CompetitionCard({ competition: c, headingLevel = 3 }: { competition: CompetitionSummary; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const metric = useMetricLabel();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const dates = t('competitions.dates', {
    start: format.date(c.start_at, { dateStyle: 'medium' }),
    end: format.date(c.end_at, { dateStyle: 'medium' }),
  });
  return (
    <article className="card hit-card competition-card">
      <p className="badge badge-competition">
        {t(`competitions.status.${c.status}`)}
        {c.sample && <span className="badge-note"> · {t('competitions.sample')}</span>}
      </p>
      <Heading className="hit-title">
        <Link to={`/competitions/${c.slug}`}>{c.title}</Link>
      </Heading>
      <ul className="hit-meta">
        <li>{t('competitions.hostedBy', { host: c.host.name })}</li>
        <li>{dates}</li>
        <li>{t('competitions.metricValue', { metric: metric(c.metric) })}</li>
        <li>{t('competitions.teams', { count: c.teams })}</li>
        {c.level && <li>{labels.of('level', c.level)}</li>}
      </ul>
      {c.summary && <p className="hit-summary">{c.summary}</p>}
      {c.skills.length > 0 && (
        <SkillChips skills={c.skills} label={t('competitions.skills')} />
      )}
    </article>
  );
}
