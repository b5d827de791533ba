import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RequireAuth } from '../auth/RequireAuth';
import { usePageTitle } from '../lib/usePageTitle';

/** The member's courses and programmes. Enrolments are not listed yet; this page points to the catalogue. */
export default function MyLearningPage() {
  const { t } = useTranslation();
  usePageTitle(t('learning.title'));
  return (
    <RequireAuth>
      <div className="container page narrow">
        <h1>{t('learning.title')}</h1>
        <p className="empty-state">{t('learning.empty')}</p>
        <p>
          <Link to="/search" className="button button-primary">
            {t('learning.explore')}
          </Link>
        </p>
      </div>
    </RequireAuth>
  );
}
