import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { usePageTitle } from '../lib/usePageTitle';

/** Shown when a page fails to load or render, typically after a new release replaced its chunk. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  usePageTitle(t('routeError.title'));
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="container page narrow">
      <h1>{notFound ? t('notFound.title') : t('routeError.title')}</h1>
      <p>{notFound ? t('notFound.body') : t('routeError.body')}</p>
      <p className="actions">
        {!notFound && (
          <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
            {t('routeError.reload')}
          </button>
        )}
        <Link to="/" className="button button-quiet" reloadDocument>
          {t('notFound.home')}
        </Link>
      </p>
    </div>
  );
}
