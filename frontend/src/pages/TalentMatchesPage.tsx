import { useTranslation } from 'react-i18next';
import { contestMatch, listMyMatches, type LearnerMatch, type Profile } from '../api/talent';
import { ErrorNotice } from '../components/ErrorNotice';
import { Fact } from '../components/Fact';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { AdvisoryBanner, MatchExplanation } from '../talent/MatchExplanation';
import { MessageForm } from '../talent/MessageForm';
import { OpeningFacts } from '../talent/OpeningFacts';
import { TalentFrame } from '../talent/TalentFrame';

/** /talent/matches: the openings that match the learner, each explained, with the way to learn what is missing. */
export default function TalentMatchesPage() {
  const { t } = useTranslation();
  return (
    <TalentFrame title={t('talent.matchesTitle')} lead={t('talent.matchesLead')} needsPool>
      {(profile) => <Matches profile={profile} />}
    </TalentFrame>
  );
}

function Matches({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => listMyMatches(signal), 'matches');
  if (state.status === 'loading') {
    return <Loading />;
  }
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  const labels: Record<string, string> = Object.fromEntries([...profile.skills, ...profile.self_declared].map((s) => [s.skill, s.label]));
  return (
    <>
      <AdvisoryBanner audience="learner" />
      {state.data.length === 0 ? (
        <p className="empty-state">{t('talent.noMatches')}</p>
      ) : (
        <ol className="result-list talent-matches">
          {state.data.map((m) => (
            <li key={m.opening.id}>
              <MatchCard item={m} labels={labels} />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function MatchCard({ item, labels }: { item: LearnerMatch; labels: Record<string, string> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { opening, match, gaps } = item;
  const id = `match-${opening.id}`;
  const known = { ...labels, ...Object.fromEntries(gaps.map((g) => [g.skill, g.label])) };
  return (
    <article className="card talent-card" aria-labelledby={id}>
      <h2 id={id} className="hit-title">
        {opening.title}
      </h2>
      <p>{opening.company.name}</p>
      <dl className="facts facts-row">
        <OpeningFacts opening={opening} />
        <Fact term={t('talent.scoreTerm')}>{t('talent.scoreValue', { score: format.number(match.score, { maximumFractionDigits: 1 }) })}</Fact>
      </dl>
      <details>
        <summary>{t('talent.whyMatch')}</summary>
        <MatchExplanation id={id} match={match} labels={known} gaps={gaps} />
      </details>
      <details>
        <summary>{t('talent.contestTitle')}</summary>
        <p>{t('talent.contestBody')}</p>
        <MessageForm
          id={`${id}-contest`}
          label={t('talent.contestLabel')}
          hint={t('talent.contestHint')}
          submitLabel={t('talent.contestButton')}
          sentMessage={t('talent.contestSent', { company: opening.company.name })}
          send={(message) => contestMatch(opening.id, message)}
        />
      </details>
    </article>
  );
}
