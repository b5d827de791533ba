import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { resetPassword } from '../api/endpoints';
import { useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, formErrorsFrom, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { TextField } from '../components/TextField';
import { usePageTitle } from '../lib/usePageTitle';

/** Sets a new password with the token from the emailed link. */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const errorMessage = useErrorMessage();
  usePageTitle(t('reset.title'));
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [badToken, setBadToken] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirmation) {
      setErrors({ fields: { confirmation: t('reset.mismatch') } });
      return;
    }
    setBusy(true);
    setErrors(null);
    try {
      await resetPassword({ token, password });
      setDone(true);
    } catch (err) {
      const tokenRefused =
        err instanceof ApiError && (err.status === 404 || err.status === 410 || err.errors?.some((e) => e.field === 'token'));
      if (tokenRefused) {
        setBadToken(true);
      } else {
        setErrors(formErrorsFrom(err, ['password'], errorMessage));
      }
    } finally {
      setBusy(false);
    }
  };

  if (!token || badToken) {
    return (
      <div className="container page narrow">
        <h1>{t('reset.title')}</h1>
        <div className="notice notice-error" role="alert">
          {t('reset.invalidLink')}
        </div>
        <p>
          <Link to="/password/forgot">{t('reset.requestNew')}</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="container page narrow">
      <h1>{t('reset.title')}</h1>
      {done ? (
        <>
          <div className="notice notice-success" role="status">
            {t('reset.done')}
          </div>
          <p>
            <Link to="/signin" className="button button-primary">
              {t('nav.signIn')}
            </Link>
          </p>
        </>
      ) : (
        <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate>
          <FormAlert message={errors?.message} />
          <TextField
            id="reset-password"
            type="password"
            label={t('fields.newPassword')}
            hint={t('signup.passwordHint')}
            value={password}
            onChange={setPassword}
            error={errors?.fields.password}
            autoComplete="new-password"
            required
          />
          <TextField
            id="reset-confirmation"
            type="password"
            label={t('fields.confirmPassword')}
            value={confirmation}
            onChange={setConfirmation}
            error={errors?.fields.confirmation}
            autoComplete="new-password"
            required
          />
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('reset.submit')}
          </button>
        </form>
      )}
    </div>
  );
}
