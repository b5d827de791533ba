import { useEffect, useRef, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, ScrollRestoration, useLocation, useNavigation } from 'react-router';
import { SiteFooter } from './SiteFooter';
import { SiteHeader } from './SiteHeader';
import { VerifyEmailBanner } from './VerifyEmailBanner';

/** The frame around every page: skip link, header, main landmark, footer. */
export function Layout() {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(pathname);

  // After a client-side page change, move focus to the new content as a full page load would.
  useEffect(() => {
    if (pathname !== firstPath.current) {
      firstPath.current = '';
      mainRef.current?.focus({ preventScroll: true });
    }
  }, [pathname]);

  const skipToContent = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    mainRef.current?.focus();
    mainRef.current?.scrollIntoView();
  };

  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToContent}>
        {t('layout.skipToContent')}
      </a>
      <SiteHeader />
      {navigation.state === 'loading' && <div className="page-progress" role="progressbar" aria-label={t('common.loading')} />}
      <main id="main" tabIndex={-1} ref={mainRef}>
        <VerifyEmailBanner />
        <Outlet />
      </main>
      <SiteFooter />
      <ScrollRestoration />
    </>
  );
}
