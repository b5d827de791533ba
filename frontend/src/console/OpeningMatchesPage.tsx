import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Org } from '../api/console';
import { getOpening, listOpeningMatches, type Opening, type RankedCandidate } from '../api/talent';
import { ErrorNotice } from '../components/ErrorNotice';
import { Fact } from '../components/Fact';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { AdvisoryBanner, MatchExplanation } from '../talent/MatchExplanation';
import { unmetConstraints } from '../talent/explain';
import { CandidateFacts } from './CandidateFacts';
import { CompanyFrame, companyPath } from './CompanyFrame';
import { DecisionForm } from './DecisionForm';

/** /console/orgs/:orgId/openings/:openingId/matches: the candidates, best first, each explained, for a person to decide. */
export default function OpeningMatchesPage() {
  const { t } = useTranslation();
  const { openingId = '' } = useParams();
  return (
    <CompanyFrame title={t('recruit.matchesTitle')}>{(org) => <Loaded org={org} openingID={openingId} />}</CompanyFrame>
  );
}

function Loaded({ org, openingID }: { org: Org; openingID: string }) {
  const { t } = useTranslation();
  const opening = useAsync((signal) => getOpening(org.id, openingID, signal), `${org.id}:${openingID}`);
  if (opening.status === 'loading') {
    return <Loading />;
  }
  if (opening.status === 'error') {
    return <ErrorNotice error={opening.error} />;
  }
  return (
    <>
      <h1>{t('recruit.matchesFor', { title: opening.data.title })}</h1>
      <p>
        <Link to={companyPath(org.id, 'openings', openingID)}>{t('recruit.backToOpening')}</Link>
      </p>
      <AdvisoryBanner audience="company" />
      <Ranked org={org} opening={opening.data} />
    </>
  );
}

function Ranked({ org, opening }: { org: Org; opening: Opening }) {
  const { t } = useTranslation();
  const first = useAsync((signal) => listOpeningMatches(org.id, opening.id, undefined, signal), `${org.id}:${opening.id}`);
  const [more, setMore] = useState<{ items: RankedCandidate[]; next_cursor?: string }[]>([]);
  const [moreError, setMoreError] = useState<unknown>(null);
  if (first.status === 'loading') {
    return <Loading />;
  }
  if (first.status === 'error') {
    return <ErrorNotice error={first.error} />;
  }
  const pages = [first.data, ...more];
  const items = pages.flatMap((p) => p.items);
  const next = pages[pages.length - 1]?.next_cursor;
  const labels = Object.fromEntries(opening.skills.map((s) => [s.skill, s.label]));
  const loadMore = async () => {
    try {
      const page = await listOpeningMatches(org.id, opening.id, next);
      setMore((m) => [...m, page]);
    } catch (err) {
      setMoreError(err);
    }
  };
  if (items.length === 0) {
    return <p className="empty-state">{opening.status === 'open' ? t('recruit.noMatches') : t('recruit.notOpen')}</p>;
  }
  return (
    <>
      <p className="result-count">{t('recruit.matchCount', { count: items.length })}</p>
      <ol className="result-list talent-matches">
        {items.map((item, rank) => (
          <li key={item.candidate.pseudonym}>
            <RankedCard org={org} opening={opening} item={item} rank={rank + 1} labels={labels} />
          </li>
        ))}
      </ol>
      {moreError !== null && <ErrorNotice error={moreError} />}
      {next && (
        <button type="button" className="button button-quiet" onClick={() => void loadMore()}>
          {t('recruit.showMore')}
        </button>
      )}
    </>
  );
}

function RankedCard({
  org,
  opening,
  item,
  rank,
  labels,
}: {
  org: Org;
  opening: Opening;
  item: RankedCandidate;
  rank: number;
  labels: Record<string, string>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [decision, setDecision] = useState(item.decision);
  const c = item.candidate;
  const id = `candidate-${c.pseudonym}`;
  const known = { ...labels, ...Object.fromEntries(c.skills.map((s) => [s.skill, s.label])) };
  const unmet = unmetConstraints(item.match);
  return (
    <article className="card talent-card" aria-labelledby={id}>
      <p className="eyebrow">{t('recruit.rank', { rank })}</p>
      <CandidateFacts card={c} headingID={id} />
      <dl className="facts facts-row">
        <Fact term={t('talent.scoreTerm')}>{t('talent.scoreValue', { score: format.number(item.match.score, { maximumFractionDigits: 1 }) })}</Fact>
        <Fact term={t('recruit.conditionsTerm')}>{unmet === 0 ? t('recruit.allMet') : t('recruit.unmetCount', { count: unmet })}</Fact>
      </dl>
      <details>
        <summary>{t('recruit.whyRanked', { pseudonym: c.pseudonym })}</summary>
        <MatchExplanation id={id} match={item.match} labels={known} />
      </details>
      <p>
        <Link to={companyPath(org.id, 'talent', c.pseudonym)}>{t('recruit.openCandidate', { pseudonym: c.pseudonym })}</Link>
      </p>
      <DecisionForm id={`${id}-decide`} orgID={org.id} openingID={opening.id} pseudonym={c.pseudonym} decision={decision} onDecided={setDecision} />
    </article>
  );
}
