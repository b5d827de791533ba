import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { forgotPassword } from '../api/endpoints';
import { useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, formErrorsFrom, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { TextField } from '../components/TextField';
import { usePageTitle } from '../lib/usePageTitle';

/** Asks for a password reset link; the answer never reveals whether the address has an account. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  usePageTitle(t('forgot.title'));
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(null);
    try {
      await forgotPassword({ email: email.trim() });
      setSentTo(email.trim());
    } catch (err) {
      setErrors(formErrorsFrom(err, ['email'], errorMessage));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="container page narrow">
      <h1>{t('forgot.title')}</h1>
      {sentTo !== null ? (
        <>
          <div className="notice notice-success" role="status">
            {t('forgot.sent', { email: sentTo })}
          </div>
          <p>
            <Link to="/signin">{t('forgot.backToSignIn')}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="lead">{t('forgot.lead')}</p>
          <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate>
            <FormAlert message={errors?.message} />
            <TextField
              id="forgot-email"
              type="email"
              label={t('fields.email')}
              value={email}
              onChange={setEmail}
              error={errors?.fields.email}
              autoComplete="email"
              required
            />
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('forgot.submit')}
            </button>
          </form>
          <p>
            <Link to="/signin">{t('forgot.backToSignIn')}</Link>
          </p>
        </>
      )}
    </div>
  );
}
