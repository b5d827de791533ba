import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { register } from '../api/endpoints';
import type { Language } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, formErrorsFrom, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { TextField } from '../components/TextField';
import { LANGUAGE_NAMES, LANGUAGES, toLanguage } from '../i18n';
import { safeNext } from '../lib/safeNext';
import { usePageTitle } from '../lib/usePageTitle';

const FIELDS = ['display_name', 'email', 'password', 'language'] as const;

/**
 * Asks for an account, then signs the new member in. The API answers alike for a new and a
 * taken address (the taken one's owner gets a mail instead), so when signing in fails the
 * page says to check the inbox, and never that the address has an account.
 */
export default function SignUpPage() {
  const { t, i18n } = useTranslation();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const errorMessage = useErrorMessage();
  usePageTitle(t('signup.title'));

  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [language, setLanguage] = useState<Language>(toLanguage(i18n.resolvedLanguage));
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(null);
    try {
      await register({ email: email.trim(), password, display_name: displayName.trim(), language });
    } catch (err) {
      setBusy(false);
      setErrors(formErrorsFrom(err, FIELDS, errorMessage));
      return;
    }
    try {
      await signIn(email.trim(), password);
      navigate(safeNext(params.get('next'), '/dashboard'), { replace: true });
    } catch {
      navigate('/signin', { replace: true, state: { registered: true } });
    }
  };

  const fieldError = (name: (typeof FIELDS)[number]) => errors?.fields[name];

  return (
    <div className="container page narrow">
      <h1>{t('signup.title')}</h1>
      <p className="lead">{t('signup.lead')}</p>
      <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormAlert message={errors?.message} />
        <TextField
          id="signup-display-name"
          label={t('fields.displayName')}
          hint={t('signup.displayNameHint')}
          value={displayName}
          onChange={setDisplayName}
          error={fieldError('display_name')}
          autoComplete="name"
          required
        />
        <TextField
          id="signup-email"
          type="email"
          label={t('fields.email')}
          value={email}
          onChange={setEmail}
          error={fieldError('email')}
          autoComplete="email"
          required
        />
        <TextField
          id="signup-password"
          type="password"
          label={t('fields.password')}
          hint={t('signup.passwordHint')}
          value={password}
          onChange={setPassword}
          error={fieldError('password')}
          autoComplete="new-password"
          required
        />
        <div className={fieldError('language') ? 'field field-invalid' : 'field'}>
          <label htmlFor="signup-language">{t('fields.language')}</label>
          <select
            id="signup-language"
            value={language}
            onChange={(e) => setLanguage(toLanguage(e.target.value))}
            aria-invalid={fieldError('language') ? true : undefined}
            aria-describedby={fieldError('language') ? 'signup-language-error' : undefined}
          >
            {LANGUAGES.map((lng) => (
              <option key={lng} value={lng} lang={lng}>
                {LANGUAGE_NAMES[lng]}
              </option>
            ))}
          </select>
          {fieldError('language') && (
            <p id="signup-language-error" className="field-error">
              {fieldError('language')}
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('signup.submitting') : t('signup.submit')}
        </button>
      </form>
      <p>
        {t('signup.haveAccount')} <Link to={{ pathname: '/signin', search: location.search }}>{t('signup.signInLink')}</Link>
      </p>
    </div>
  );
}
