import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RequireAuth } from '../auth/RequireAuth';
import { usePageTitle } from '../lib/usePageTitle';

/** The member's verifiable credentials. Issued credentials are not listed yet; this page explains them. */
export default function CredentialsPage() {
  const { t } = useTranslation();
  usePageTitle(t('credentials.title'));
  return (
    <RequireAuth>
      <div className="container page narrow">
        <h1>{t('credentials.title')}</h1>
        <p className="lead">{t('credentials.lead')}</p>
        <p className="empty-state">{t('credentials.empty')}</p>
        <p>
          <Link to="/search" className="button button-primary">
            {t('learning.explore')}
          </Link>
        </p>
      </div>
    </RequireAuth>
  );
}
