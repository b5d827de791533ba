import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import type { SearchType } from '../api/types';
import { NotFound } from './NotFound';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { ErrorNotice } from './ErrorNotice';
import { Loading } from './Loading';

interface Entry {
  title: string;
  summary?: string;
}

/** A course or programme page: loads the entry by slug and shows its title and summary. */
export function CatalogEntry({ type, slug, load }: { type: SearchType; slug: string; load: (slug: string, signal: AbortSignal) => Promise<Entry> }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => load(slug, signal), `${type}:${slug}`);
  usePageTitle(state.status === 'success' ? state.data.title : undefined);

  if (state.status === 'loading') {
    return (
      <div className="container page">
        <Loading />
      </div>
    );
  }
  if (state.status === 'error') {
    if (state.error instanceof ApiError && state.error.status === 404) {
      return <NotFound />;
    }
    return (
      <div className="container page">
        <ErrorNotice error={state.error} />
      </div>
    );
  }
  return (
    <article className="container page narrow">
      <p className={`badge badge-${type}`}>{type === 'programme' ? t('type.programme') : t('type.course')}</p>
      <h1>{state.data.title}</h1>
      {state.data.summary && <p className="lead">{state.data.summary}</p>}
      <p>
        <Link to={`/search?type=${type}`}>{type === 'programme' ? t('home.allProgrammes') : t('home.allCourses')}</Link>
      </p>
    </article>
  );
}
