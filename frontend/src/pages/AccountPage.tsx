import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../api/client';
import { changePassword, deleteAccount, updateMe } from '../api/endpoints';
import type { Language, User } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { RequireAuth } from '../auth/RequireAuth';
import { useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, formErrorsFrom, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { TextField } from '../components/TextField';
import { LANGUAGE_NAMES, LANGUAGES, toLanguage } from '../i18n';
import { useFormat } from '../i18n/format';
import { saveBlob } from '../lib/files';
import { usePageTitle } from '../lib/usePageTitle';
import { OrganisationsSection } from './AccountOrganisations';

/** The signed-in member's account: profile, password and sign-out. */
export default function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.title'));
  return (
    <RequireAuth>
      <AccountContent />
    </RequireAuth>
  );
}

function AccountContent() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const format = useFormat();
  if (!user) {
    return null;
  }

  const handleSignOut = async () => {
    try {
      await signOut();
    } finally {
      navigate('/');
    }
  };

  return (
    <div className="container page narrow">
      <h1>{t('account.title')}</h1>
      <dl className="facts">
        <div>
          <dt>{t('fields.email')}</dt>
          <dd>{user.email}</dd>
        </div>
        {user.created_at && (
          <div>
            <dt>{t('account.memberSince')}</dt>
            <dd>{format.date(user.created_at)}</dd>
          </div>
        )}
      </dl>
      <OrganisationsSection user={user} />
      <ProfileForm user={user} />
      <PasswordForm />
      <DataExport />
      <DeleteAccount />
      <section className="section-tight" aria-labelledby="signout-title">
        <h2 id="signout-title">{t('account.signOutTitle')}</h2>
        <p>{t('account.signOutBody')}</p>
        <button type="button" className="button button-quiet" onClick={() => void handleSignOut()}>
          {t('nav.signOut')}
        </button>
      </section>
    </div>
  );
}

function ProfileForm({ user }: { user: User }) {
  const { t, i18n } = useTranslation();
  const { updateUser } = useAuth();
  const errorMessage = useErrorMessage();
  const [displayName, setDisplayName] = useState(user.display_name);
  const [language, setLanguage] = useState<Language>(user.language);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setErrors(null);
    try {
      const updated = await updateMe({ display_name: displayName.trim(), language });
      updateUser(updated);
      setSaved(true);
      await i18n.changeLanguage(updated.language);
    } catch (err) {
      setErrors(formErrorsFrom(err, ['display_name', 'language'], errorMessage));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section-tight" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('account.profileTitle')}</h2>
      <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormAlert message={errors?.message} />
        {saved && (
          <div className="notice notice-success" role="status">
            {t('account.profileSaved')}
          </div>
        )}
        <TextField
          id="account-display-name"
          label={t('fields.displayName')}
          value={displayName}
          onChange={setDisplayName}
          error={errors?.fields.display_name}
          autoComplete="name"
          required
        />
        <div className={errors?.fields.language ? 'field field-invalid' : 'field'}>
          <label htmlFor="account-language">{t('fields.language')}</label>
          <p id="account-language-hint" className="field-hint">
            {t('account.languageHint')}
          </p>
          <select
            id="account-language"
            value={language}
            onChange={(e) => setLanguage(toLanguage(e.target.value))}
            aria-describedby={errors?.fields.language ? 'account-language-hint account-language-error' : 'account-language-hint'}
            aria-invalid={errors?.fields.language ? true : undefined}
          >
            {LANGUAGES.map((lng) => (
              <option key={lng} value={lng} lang={lng}>
                {LANGUAGE_NAMES[lng]}
              </option>
            ))}
          </select>
          {errors?.fields.language && (
            <p id="account-language-error" className="field-error">
              {errors.fields.language}
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('account.saveProfile')}
        </button>
      </form>
    </section>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setErrors(null);
    try {
      await changePassword({ current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403) && !err.errors?.length) {
        setErrors({ fields: { current_password: t('account.wrongCurrentPassword') } });
      } else {
        setErrors(formErrorsFrom(err, ['current_password', 'new_password'], errorMessage));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section-tight" aria-labelledby="password-title">
      <h2 id="password-title">{t('account.passwordTitle')}</h2>
      <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormAlert message={errors?.message} />
        {saved && (
          <div className="notice notice-success" role="status">
            {t('account.passwordChanged')}
          </div>
        )}
        <TextField
          id="account-current-password"
          type="password"
          label={t('fields.currentPassword')}
          value={current}
          onChange={setCurrent}
          error={errors?.fields.current_password}
          autoComplete="current-password"
          required
        />
        <TextField
          id="account-new-password"
          type="password"
          label={t('fields.newPassword')}
          hint={t('signup.passwordHint')}
          value={next}
          onChange={setNext}
          error={errors?.fields.new_password}
          autoComplete="new-password"
          required
        />
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('account.changePassword')}
        </button>
      </form>
    </section>
  );
}

/** Downloads everything the platform holds about the user, as one JSON file. */
function DataExport() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'idle' | 'busy' | 'failed'>('idle');
  const download = async () => {
    setStatus('busy');
    try {
      const data = await api.get<unknown>('/me/export');
      saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), 'academy-export.json');
      setStatus('idle');
    } catch {
      setStatus('failed');
    }
  };
  return (
    <section className="section-tight" aria-labelledby="export-title">
      <h2 id="export-title">{t('account.exportTitle')}</h2>
      <p>{t('account.exportBody')}</p>
      <FormAlert message={status === 'failed' ? t('account.exportFailed') : undefined} />
      <button type="button" className="button button-quiet" disabled={status === 'busy'} onClick={() => void download()}>
        {status === 'busy' ? t('account.exporting') : t('account.exportButton')}
      </button>
    </section>
  );
}

/** The problems of a deletion the person must act on elsewhere first. */
const DELETION_REFUSALS: Record<string, string> = {
  'urn:academy:problem:last-owner': 'account.deleteLastOwner',
  'urn:academy:problem:administrator': 'account.deleteAdministrator',
};

/** Deletes the account once its password confirms it, then leaves the person signed out on the home page. */
function DeleteAccount() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(null);
    try {
      await deleteAccount(password);
    } catch (err) {
      setBusy(false);
      const refusal = err instanceof ApiError && err.type ? DELETION_REFUSALS[err.type] : undefined;
      setErrors(refusal ? { message: t(refusal), fields: {} } : formErrorsFrom(err, ['password'], errorMessage));
      return;
    }
    // The home page says so and forgets the session: signing out here
    // would send the person to sign in before they leave this page.
    navigate('/', { replace: true, state: { accountDeleted: true } });
  };

  return (
    <section className="section-tight" aria-labelledby="delete-title">
      <h2 id="delete-title">{t('account.deleteTitle')}</h2>
      <p>{t('account.deleteBody')}</p>
      {open ? (
        <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate>
          <FormAlert message={errors?.message} />
          <TextField
            id="account-delete-password"
            type="password"
            label={t('account.deletePassword')}
            value={password}
            onChange={setPassword}
            error={errors?.fields.password}
            autoComplete="current-password"
            required
          />
          <div className="form-actions">
            <button type="submit" className="button button-danger" disabled={busy}>
              {t('account.deleteConfirm')}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setOpen(false)}>
              {t('account.deleteCancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button-danger" onClick={() => setOpen(true)}>
          {t('account.deleteStart')}
        </button>
      )}
    </section>
  );
}
