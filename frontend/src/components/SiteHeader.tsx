import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { AccountMenu } from './AccountMenu';
import { ConsoleNavLink } from './ConsoleNavLink';
import { LanguageSwitcher } from './LanguageSwitcher';

/** The site header: name, main navigation, language switcher and sign-in or account menu. */
export function SiteHeader() {
  const { t } = useTranslation();
  const { status, user } = useAuth();
  const [menuOpen, setMenuOpen] = useState(false);

  // On small screens the navigation is a disclosure; following a link closes it.
  const closeOnLink = (event: MouseEvent<HTMLElement>) => {
    if ((event.target as HTMLElement).closest('a')) {
      setMenuOpen(false);
    }
  };

  return (
    <header className="site-header">
      <div className="container header-bar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            A
          </span>
          Academy
        </Link>
        <button
          type="button"
          className="nav-toggle"
          aria-expanded={menuOpen}
          aria-controls="site-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {t('nav.menu')}
        </button>
        <div id="site-nav" className={menuOpen ? 'site-nav open' : 'site-nav'} onClick={closeOnLink}>
          <nav aria-label={t('nav.label')}>
            <ul className="nav-links">
              <li>
                <NavLink to="/search">{t('nav.explore')}</NavLink>
              </li>
              <li>
                <NavLink to="/competitions">{t('nav.competitions')}</NavLink>
              </li>
              <li>
                <NavLink to="/learning">{t('nav.myLearning')}</NavLink>
              </li>
              <li>
                <NavLink to="/credentials">{t('nav.credentials')}</NavLink>
              </li>
              <ConsoleNavLink />
              {user?.admin && (
                <li>
                  <NavLink to="/admin">{t('nav.admin')}</NavLink>
                </li>
              )}
            </ul>
          </nav>
          <div className="header-tools">
            <LanguageSwitcher />
            {status === 'signed-in' && user ? (
              <AccountMenu displayName={user.display_name} />
            ) : (
              status === 'anonymous' && (
                <>
                  <NavLink to="/signin" className="button button-quiet">
                    {t('nav.signIn')}
                  </NavLink>
                  <NavLink to="/signup" className="button button-primary">
                    {t('nav.signUp')}
                  </NavLink>
                </>
              )
            )}
          </div>
        </div>
      </div>
    </header>
  );
}
