import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { createOrg } from '../api/console';
import { RequireAuth } from '../auth/RequireAuth';
import { forgetOrgs } from '../components/ConsoleNavLink';
import { useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, formErrorsFrom, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { usePageTitle } from '../lib/usePageTitle';
import { SelectField, TextArea, TextInput } from './fields';

const orgFields = ['kind', 'name', 'country', 'website', 'description', 'logo_url'] as const;

/** Creates an organisation the signed-in person owns; it waits for an administrator's verification. */
export default function CreateOrgPage() {
  const { t } = useTranslation();
  usePageTitle(t('orgs.createTitle'));
  return (
    <RequireAuth>
      <div className="container page console">
        <nav aria-label={t('console.breadcrumb')} className="console-crumbs">
          <ol>
            <li>
              <Link to="/console">{t('console.title')}</Link>
            </li>
          </ol>
        </nav>
        <h1>{t('orgs.createTitle')}</h1>
        <p className="lead">{t('orgs.createLead')}</p>
        <CreateOrgForm />
      </div>
    </RequireAuth>
  );
}

function CreateOrgForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const [values, setValues] = useState({ kind: 'university', name: '', country: '', website: '', description: '', logo_url: '' });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);
  const set = (field: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(null);
    try {
      await createOrg({ ...values, name: values.name.trim(), country: values.country.trim().toUpperCase() });
      forgetOrgs();
      void navigate('/console');
    } catch (err) {
      setErrors(formErrorsFrom(err, orgFields, errorMessage));
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="form console-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('orgs.createTitle')}>
      <FormAlert message={errors?.message} />
      <SelectField
        id="org-kind"
        label={t('orgs.kindLabel')}
        hint={t('orgs.kindHint')}
        value={values.kind}
        onChange={set('kind')}
        error={errors?.fields.kind}
        options={['university', 'provider', 'company'].map((k) => ({ value: k, label: t(`orgs.kind.${k}`) }))}
      />
      <TextInput id="org-name" label={t('orgs.legalName')} value={values.name} onChange={set('name')} error={errors?.fields.name} required />
      <TextInput
        id="org-country"
        label={t('orgs.country')}
        hint={t('orgs.countryHint')}
        value={values.country}
        onChange={set('country')}
        error={errors?.fields.country}
        required
      />
      <TextInput id="org-website" type="url" label={t('orgs.website')} value={values.website} onChange={set('website')} error={errors?.fields.website} />
      <TextArea id="org-description" label={t('orgs.description')} value={values.description} onChange={set('description')} error={errors?.fields.description} />
      <TextInput
        id="org-logo"
        type="url"
        label={t('orgs.logoURL')}
        hint={t('orgs.logoURLHint')}
        value={values.logo_url}
        onChange={set('logo_url')}
        error={errors?.fields.logo_url}
      />
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('orgs.create')}
        </button>
      </div>
    </form>
  );
}
