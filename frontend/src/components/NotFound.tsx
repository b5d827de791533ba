import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The "page not found" message, for unknown paths and for courses or programmes that do not exist. */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="container page narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p className="actions">
        <Link to="/" className="button button-primary">
          {t('notFound.home')}
        </Link>
        <Link to="/search" className="button button-quiet">
          {t('notFound.search')}
        </Link>
      </p>
    </div>
  );
}
