import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { getCompetition, getEntry, type Competition, type Entry } from '../api/competitions';
import { useAuth } from '../auth/AuthContext';
import { EntryLoader } from '../components/EntryLoader';
import type { CompetitionContext } from '../competitions/context';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** A competition's page: its header and tabs, each tab a route of its own so links and reloads land on it. */
export default function CompetitionPage() {
  const { slug = '' } = useParams();
  const state = useAsync((signal) => getCompetition(slug, signal), slug);
  usePageTitle(state.status === 'success' ? state.data.title : undefined);
  return <EntryLoader state={state}>{(competition) => <CompetitionFrame key={competition.slug} competition={competition} />}</EntryLoader>;
}

/** The caller's entry: null for visitors and for members who have not joined. */
function useEntry(slug: string): Entry | null | undefined {
  const { status } = useAuth();
  const state = useAsync(
    (signal) =>
      status === 'signed-in'
        ? getEntry(slug, signal).catch((err: unknown) => {
            if (err instanceof ApiError && err.status === 404) {
              return null;
            }
            throw err;
          })
        : Promise.resolve(null),
    `${slug}:${status}`,
  );
  if (status === 'loading') {
    return undefined;
  }
  // An entry that fails to load leaves the page usable as a visitor sees it.
  return state.status === 'success' ? state.data : state.status === 'error' ? null : undefined;
}

function CompetitionFrame({ competition }: { competition: Competition }) {
  const { t } = useTranslation();
  const format = useFormat();
  const loaded = useEntry(competition.slug);
  const [made, setEntry] = useState<Entry | null>(null);
  const entry = made ?? loaded;
  const context: CompetitionContext = { competition, entry, setEntry };
  const base = `/competitions/${competition.slug}`;
  const tabs = [
    { to: base, label: t('competition.tabOverview'), end: true },
    { to: `${base}/data`, label: t('competition.tabData') },
    { to: `${base}/rules`, label: t('competition.tabRules') },
    { to: `${base}/leaderboard`, label: t('competition.tabLeaderboard') },
    { to: `${base}/submissions`, label: t('competition.tabSubmissions') },
    { to: `${base}/team`, label: t('competition.tabTeam') },
  ];
  return (
    <article className="container page entry">
      <header className="entry-head">
        <p className="badge badge-competition">
          {t(`competitions.status.${competition.status}`)}
          {competition.sample && <span className="badge-note"> · {t('competitions.sample')}</span>}
        </p>
        <h1>{competition.title}</h1>
        <p className="lead">{competition.summary}</p>
        <p className="entry-provider">
          {t('competitions.hostedBy', { host: competition.host.name })} ·{' '}
          {t('competitions.dates', {
            start: format.date(competition.start_at, { dateStyle: 'long', timeStyle: 'short' }),
            end: format.date(competition.end_at, { dateStyle: 'long', timeStyle: 'short' }),
          })}
        </p>
        {entry && <p className="notice notice-info">{t('competition.takingPartAs', { team: entry.team.name })}</p>}
      </header>
      <nav aria-label={t('competition.sections')} className="console-tabs">
        <ul>
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to} end={tab.end}>
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet context={context} />
    </article>
  );
}
