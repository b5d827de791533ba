import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resendVerification } from '../api/endpoints';
import { useAuth } from '../auth/AuthContext';
import { useErrorMessage } from './ErrorNotice';

/** Reminds a signed-in person who has not confirmed their address yet, with a way to get a new link. */
export function VerifyEmailBanner() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const errorMessage = useErrorMessage();
  const [state, setState] = useState<{ status: 'idle' | 'busy' | 'sent' } | { status: 'error'; message: string }>({ status: 'idle' });
  if (!user || user.email_verified !== false) {
    return null;
  }

  const resend = async () => {
    setState({ status: 'busy' });
    try {
      await resendVerification();
      setState({ status: 'sent' });
    } catch (err) {
      setState({ status: 'error', message: errorMessage(err) });
    }
  };

  return (
    <div className="container">
      <div className="notice notice-info verify-banner" role="region" aria-label={t('verifyEmail.bannerLabel')}>
        <p>{t('verifyEmail.banner', { email: user.email })}</p>
        {state.status === 'sent' ? (
          <p role="status">{t('verifyEmail.sent')}</p>
        ) : (
          <button type="button" className="button button-quiet" disabled={state.status === 'busy'} onClick={() => void resend()}>
            {t('verifyEmail.resend')}
          </button>
        )}
        {state.status === 'error' && <p role="alert">{state.message}</p>}
      </div>
    </div>
  );
}
