import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { listCompetitions } from '../api/competitions';
import { search } from '../api/endpoints';
import type { SearchType } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { HitCard } from '../components/HitCard';
import { Loading } from '../components/Loading';
import { SearchBox } from '../components/SearchBox';
import { CompetitionCard } from '../competitions/CompetitionCard';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** The landing page: what the academy offers, a search box and featured courses and programmes. */
export default function HomePage() {
  const { t } = useTranslation();
  usePageTitle(undefined);
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <div className="container">
          <AccountDeletedNotice />
          <h1 id="home-title">{t('home.title')}</h1>
          <p className="lead">{t('home.lead')}</p>
          <SearchBox />
        </div>
      </section>

      <section className="container section" aria-labelledby="audiences-title">
        <h2 id="audiences-title">{t('home.audiencesTitle')}</h2>
        <ul className="audience-grid">
          <li className="card audience-card">
            <h3>{t('home.learnersTitle')}</h3>
            <p>{t('home.learnersBody')}</p>
            <ul className="row-actions">
              <li>
                <Link to="/search">{t('home.learnersLink')}</Link>
              </li>
              <li>
                <Link to="/talent">{t('home.talentLink')}</Link>
              </li>
            </ul>
          </li>
          <li className="card audience-card">
            <h3>{t('home.providersTitle')}</h3>
            <p>{t('home.providersBody')}</p>
            <Link to="/search?type=programme">{t('home.providersLink')}</Link>
          </li>
          <li className="card audience-card">
            <h3>{t('home.smesTitle')}</h3>
            <p>{t('home.smesBody')}</p>
            <Link to="/talent/how-matching-works">{t('home.smesLink')}</Link>
          </li>
        </ul>
      </section>

      <Featured type="course" title={t('home.featuredCourses')} empty={t('home.noCourses')} />
      <Featured type="programme" title={t('home.featuredProgrammes')} empty={t('home.noProgrammes')} />
      <RunningCompetitions />
    </>
  );
}

function Featured({ type, title, empty }: { type: SearchType; title: string; empty: string }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => search({ type, limit: 6 }, signal), type);
  const headingId = `featured-${type}`;
  return (
    <section className="container section" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{title}</h2>
        <Link to={`/search?type=${type}`}>{type === 'course' ? t('home.allCourses') : t('home.allProgrammes')}</Link>
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <p className="empty-state">{t('home.featuredUnavailable')}</p>}
      {state.status === 'success' &&
        (state.data.hits.length === 0 ? (
          <p className="empty-state">{empty}</p>
        ) : (
          <ul className="card-grid">
            {state.data.hits.map((hit) => (
              <li key={hit.id}>
                <HitCard hit={hit} />
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

/** The competitions running now; when none is, the list page shows what is coming. */
function RunningCompetitions() {
  const { t } = useTranslation();
  const state = useAsync((signal) => listCompetitions({ status: 'running', limit: 3 }, signal), 'running');
  return (
    <section className="container section" aria-labelledby="home-competitions">
      <div className="section-head">
        <h2 id="home-competitions">{t('home.competitions')}</h2>
        <Link to="/competitions">{t('home.allCompetitions')}</Link>
      </div>
      <p>{t('home.competitionsBody')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <p className="empty-state">{t('home.competitionsUnavailable')}</p>}
      {state.status === 'success' &&
        (state.data.items.length === 0 ? (
          <p className="empty-state">
            {t('home.noCompetitions')} <Link to="/competitions?status=upcoming">{t('home.upcomingCompetitions')}</Link>
          </p>
        ) : (
          <ul className="card-grid">
            {state.data.items.map((c) => (
              <li key={c.id}>
                <CompetitionCard competition={c} />
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

/**
 * Says the account was deleted when the account page sent the person here, and
 * forgets the session, which ended with the account on the server.
 */
function AccountDeletedNotice() {
  const { t } = useTranslation();
  const { status, signOut } = useAuth();
  const deleted = (useLocation().state as { accountDeleted?: boolean } | null)?.accountDeleted === true;
  useEffect(() => {
    if (deleted && status === 'signed-in') {
      void signOut().catch(() => undefined);
    }
  }, [deleted, status, signOut]);
  return deleted ? (
    <p className="notice notice-success" role="status">
      {t('account.deleted')}
    </p>
  ) : null;
}
