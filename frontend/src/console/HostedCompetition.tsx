import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getCompetition, type Competition } from '../api/competitions';
import { EntryLoader } from '../components/EntryLoader';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { CompetitionTabs, ConsoleFrame } from './ConsoleFrame';
import { ModerationNotice } from './ModerationNotice';

/** A competition's status as a badge, in the words of the public pages. */
export function CompetitionStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`status status-${status}`}>{t(`competitions.status.${status}`, { defaultValue: status })}</span>;
}

/**
 * A console page of one competition its host edits: the competition loaded as its
 * host sees it (with its version, evaluations and solutions), its title, status and
 * sections. children get it and a way to load it again.
 */
export function HostedCompetition({ slug, children }: { slug: string; children(competition: Competition, reload: () => void): ReactNode }) {
  const { t } = useTranslation();
  return (
    <ConsoleFrame crumbs={[{ label: t('console.title'), to: '/console' }]}>
      {() => <Loaded slug={slug}>{children}</Loaded>}
    </ConsoleFrame>
  );
}

function Loaded({ slug, children }: { slug: string; children(competition: Competition, reload: () => void): ReactNode }) {
  const { t } = useTranslation();
  const [loads, setLoads] = useState(0);
  const state = useAsync((signal) => getCompetition(slug, signal), `${slug}#${loads}`);
  usePageTitle(state.status === 'success' ? state.data.title : t('hosting.competition'));
  return (
    <EntryLoader state={state}>
      {(c) => (
        <>
          <h1>{c.title}</h1>
          <p>
            <CompetitionStatus status={c.status} />{' '}
            {c.status !== 'draft' && <Link to={`/competitions/${encodeURIComponent(c.slug)}`}>{t('console.viewPublic')}</Link>}
          </p>
          {c.moderation && <ModerationNotice moderation={c.moderation} />}
          <CompetitionTabs slug={c.slug} />
          {children(c, () => setLoads((n) => n + 1))}
        </>
      )}
    </EntryLoader>
  );
}
