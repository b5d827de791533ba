import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, formErrorsFrom, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { TextField } from '../components/TextField';
import { useFormat } from '../i18n/format';
import { safeNext } from '../lib/safeNext';
import { usePageTitle } from '../lib/usePageTitle';

const FIELDS = ['email', 'password'] as const;

/** Signs a member in and returns them to where they were going, or to their dashboard. */
export default function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  usePageTitle(t('signin.title'));

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);
  const justRegistered = (location.state as { registered?: boolean } | null)?.registered === true;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(null);
    try {
      await signIn(email.trim(), password);
      navigate(safeNext(params.get('next'), '/dashboard'), { replace: true });
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 401) {
        setErrors({ message: t('signin.wrongCredentials'), fields: {} });
      } else if (err instanceof ApiError && err.type === 'urn:academy:problem:account-suspended') {
        setErrors({ message: t('signin.suspended'), fields: {} });
      } else if (err instanceof ApiError && err.status === 429) {
        const message =
          err.retryAfter !== undefined ? t('signin.tooManyWait', { wait: format.wait(err.retryAfter) }) : t('signin.tooMany');
        setErrors({ message, fields: {} });
      } else {
        setErrors(formErrorsFrom(err, FIELDS, errorMessage));
      }
    }
  };

  return (
    <div className="container page narrow">
      <h1>{t('signin.title')}</h1>
      {justRegistered && (
        <div className="notice notice-success" role="status">
          {t('signin.registered')}
        </div>
      )}
      <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormAlert message={errors?.message} />
        <TextField
          id="signin-email"
          type="email"
          label={t('fields.email')}
          value={email}
          onChange={setEmail}
          error={errors?.fields.email}
          autoComplete="email"
          required
        />
        <TextField
          id="signin-password"
          type="password"
          label={t('fields.password')}
          value={password}
          onChange={setPassword}
          error={errors?.fields.password}
          autoComplete="current-password"
          required
        />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('signin.submitting') : t('signin.submit')}
        </button>
      </form>
      <p>
        <Link to="/password/forgot">{t('signin.forgot')}</Link>
      </p>
      <p>
        {t('signin.noAccount')} <Link to={{ pathname: '/signup', search: location.search }}>{t('signin.signUpLink')}</Link>
      </p>
    </div>
  );
}
