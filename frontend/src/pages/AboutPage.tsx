import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../lib/usePageTitle';

/** What the academy is, and the credit for the ESCO skills classification it uses. */
export default function AboutPage() {
  const { t } = useTranslation();
  usePageTitle(t('about.title'));
  return (
    <div className="container page prose">
      <h1>{t('about.title')}</h1>
      <p className="lead">{t('about.lead')}</p>

      <h2>{t('about.whoTitle')}</h2>
      <ul>
        <li>{t('about.whoLearners')}</li>
        <li>{t('about.whoProviders')}</li>
        <li>{t('about.whoSmes')}</li>
      </ul>

      <h2>{t('about.competitionsTitle')}</h2>
      <p>
        {t('about.competitionsBody')} <Link to="/competitions">{t('about.competitionsLink')}</Link>
      </p>

      <h2>{t('about.credentialsTitle')}</h2>
      <p>{t('about.credentialsBody')}</p>

      <h2 id="esco">{t('about.escoTitle')}</h2>
      <p>
        {t('about.escoUses')}{' '}
        <a href="https://esco.ec.europa.eu/" rel="noopener">
          {t('about.escoLink')}
        </a>
      </p>
      <p>
        {t('about.escoVersion')}{' '}
        <a href="https://creativecommons.org/licenses/by/4.0/" rel="noopener license">
          {t('about.escoLicence')}
        </a>
        .
      </p>
      <p>{t('about.escoChanges')}</p>

      <p>
        <Link to="/search" className="button button-primary">
          {t('about.explore')}
        </Link>
      </p>
    </div>
  );
}
