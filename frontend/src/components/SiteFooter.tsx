import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The site footer with the About link and the ESCO credit. */
export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container footer-inner">
        <nav aria-label={t('footer.label')}>
          <ul className="footer-links">
            <li>
              <Link to="/about">{t('footer.about')}</Link>
            </li>
            <li>
              <Link to="/search">{t('nav.explore')}</Link>
            </li>
          </ul>
        </nav>
        <p className="footer-note">{t('footer.note')}</p>
      </div>
    </footer>
  );
}
