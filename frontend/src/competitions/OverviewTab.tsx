import { useTranslation } from 'react-i18next';
import { Fact } from '../components/Fact';
import { Markdown } from '../components/Markdown';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useCompetition } from './context';
import { useMetricLabel, useTierCriterion } from './labels';
import { SkillChips } from './SkillChips';

/** What the competition is about, what it awards, and its facts at a glance. */
export default function OverviewTab() {
  const { t } = useTranslation();
  const { competition: c } = useCompetition();
  const format = useFormat();
  const labels = useLabels();
  const metric = useMetricLabel();
  const criterion = useTierCriterion();
  const when = (value: string) => format.date(value, { dateStyle: 'long', timeStyle: 'short' });
  return (
    <div className="entry-layout">
      <div className="entry-main">
        <section aria-labelledby="competition-overview">
          <h2 id="competition-overview">{t('competition.tabOverview')}</h2>
          <Markdown source={c.overview} headingOffset={2} />
        </section>
        {c.prizes.trim() && (
          <section aria-labelledby="competition-prizes">
            <h2 id="competition-prizes">{t('competition.prizes')}</h2>
            <Markdown source={c.prizes} headingOffset={2} />
          </section>
        )}
        {c.phases.length > 1 && (
          <section aria-labelledby="competition-phases">
            <h2 id="competition-phases">{t('competition.phases')}</h2>
            <ol>
              {c.phases.map((p) => (
                <li key={p.id}>
                  <strong>{p.title}</strong>: {t('competitions.dates', { start: when(p.start_at), end: when(p.end_at) })} ·{' '}
                  {metric(p.metric)}
                </li>
              ))}
            </ol>
          </section>
        )}
      </div>
      <aside className="entry-aside" aria-labelledby="competition-facts">
        <div className="card">
          <h2 id="competition-facts">{t('entry.atAGlance')}</h2>
          <dl className="facts">
            <Fact term={t('competition.starts')}>{when(c.start_at)}</Fact>
            <Fact term={t('competition.ends')}>{when(c.end_at)}</Fact>
            {c.entry_deadline && <Fact term={t('competition.entryDeadline')}>{when(c.entry_deadline)}</Fact>}
            {c.merger_deadline && <Fact term={t('competition.mergerDeadline')}>{when(c.merger_deadline)}</Fact>}
            <Fact term={t('competition.metric')}>{metric(c.metric)}</Fact>
            {c.level && <Fact term={t('entry.level')}>{labels.of('level', c.level)}</Fact>}
            <Fact term={t('competition.teamSize')}>{format.number(c.team_size_limit)}</Fact>
            <Fact term={t('competition.dailyLimit')}>{format.number(c.daily_limit)}</Fact>
            {c.total_limit !== undefined && <Fact term={t('competition.totalLimit')}>{format.number(c.total_limit)}</Fact>}
            <Fact term={t('competition.finalSelections')}>{format.number(c.final_selections)}</Fact>
            <Fact term={t('competition.eligibility')}>{t(`competition.eligibilityValue.${c.eligibility}`)}</Fact>
            <Fact term={t('competitions.teamsLabel')}>{format.number(c.teams)}</Fact>
            {c.languages.length > 0 && <Fact term={t('entry.language')}>{format.list(c.languages.map(format.languageName))}</Fact>}
          </dl>
          {c.forum_url && (
            <p>
              <a href={c.forum_url} rel="noopener noreferrer">
                {t('competition.forum')}
              </a>
            </p>
          )}
        </div>
        <div className="card">
          <h2 id="competition-awards">{t('competition.awards')}</h2>
          <p>{t('competition.awardsLead')}</p>
          <dl className="facts" aria-labelledby="competition-awards">
            {c.placement_tiers.map((tier) => (
              <Fact key={tier.id} term={tier.name}>
                {criterion(tier)}
              </Fact>
            ))}
            <Fact term={t('competition.participation')}>{t('competition.participationCriterion')}</Fact>
          </dl>
        </div>
        {c.skills.length > 0 && (
          <div className="card">
            <h2>{t('competitions.skills')}</h2>
            <SkillChips skills={c.skills} />
          </div>
        )}
      </aside>
    </div>
  );
}
