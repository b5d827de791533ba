import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { getMe, verifyEmail } from '../api/endpoints';
import { useAuth } from '../auth/AuthContext';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { usePageTitle } from '../lib/usePageTitle';

type Outcome = { status: 'working' } | { status: 'done' } | { status: 'invalid' } | { status: 'error'; error: unknown };

/** Where the verification mail's link lands: confirms the address with the link's single-use token. */
export default function VerifyEmailPage() {
  const { t } = useTranslation();
  usePageTitle(t('verifyEmail.title'));
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { status: authStatus, updateUser } = useAuth();
  const [outcome, setOutcome] = useState<Outcome>(token ? { status: 'working' } : { status: 'invalid' });
  // The token works once: never send it twice, even when the effect runs again.
  const sent = useRef('');

  useEffect(() => {
    if (!token || sent.current === token) {
      return;
    }
    sent.current = token;
    verifyEmail({ token }).then(
      () => setOutcome({ status: 'done' }),
      (error: unknown) => {
        const refused = error instanceof ApiError && error.status === 400;
        setOutcome(refused ? { status: 'invalid' } : { status: 'error', error });
      },
    );
  }, [token]);

  // A signed-in person's banner goes away as soon as the address is confirmed.
  useEffect(() => {
    if (outcome.status === 'done' && authStatus === 'signed-in') {
      getMe().then(updateUser, () => undefined);
    }
  }, [outcome.status, authStatus, updateUser]);

  return (
    <div className="container page narrow">
      <h1>{t('verifyEmail.title')}</h1>
      {outcome.status === 'working' && <Loading />}
      {outcome.status === 'done' && (
        <>
          <div className="notice notice-success" role="status">
            {t('verifyEmail.done')}
          </div>
          <p>
            <Link to={authStatus === 'signed-in' ? '/account' : '/signin'} className="button button-primary">
              {authStatus === 'signed-in' ? t('verifyEmail.toAccount') : t('nav.signIn')}
            </Link>
          </p>
        </>
      )}
      {outcome.status === 'invalid' && (
        <>
          <div className="notice notice-error" role="alert">
            {t('verifyEmail.invalid')}
          </div>
          <p>{t('verifyEmail.requestNew')}</p>
        </>
      )}
      {outcome.status === 'error' && <ErrorNotice error={outcome.error} />}
    </div>
  );
}
