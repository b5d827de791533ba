import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../api/client';
import { getInstitution, putInstitution, type InstitutionProfileInput, type Org } from '../api/console';
import type { Institution } from '../api/types';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, formErrorsFrom, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { Loading } from '../components/Loading';
import { useAsync } from '../lib/useAsync';
import { ConsoleFrame } from './ConsoleFrame';
import { TextArea, TextInput } from './fields';

const profileFields = ['name', 'country', 'city', 'website', 'logo_url', 'description'] as const;

/** The institution profile of a university or provider, as its staff edit it: what its public page and credentials show. */
export default function InstitutionProfilePage() {
  const { t } = useTranslation();
  const slug = useParams().slug ?? '';
  return (
    <ConsoleFrame title={t('orgs.profileTitle')} crumbs={[{ label: t('console.title'), to: '/console' }]}>
      {(orgs) => <Profile slug={slug} org={orgs.find((o) => o.slug === slug)} />}
    </ConsoleFrame>
  );
}

function Profile({ slug, org }: { slug: string; org?: Org }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getInstitution(slug, signal), slug);
  // An organisation verified before profiles came with verification has none: its staff create it here.
  const missing = state.status === 'error' && state.error instanceof ApiError && state.error.status === 404 && org;
  return (
    <>
      <h1>{t('orgs.profileTitle')}</h1>
      <p className="lead">{t('orgs.profileLead')}</p>
      {state.status === 'loading' && <Loading />}
      {missing && <ProfileForm institution={profileOf(org)} organisationID={org.id} />}
      {state.status === 'error' && !missing && <ErrorNotice error={state.error} />}
      {state.status === 'success' && <ProfileForm institution={state.data} />}
    </>
  );
}

/** A first profile drawn from what the organisation told the platform. */
function profileOf(org: Org): Institution {
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    kind: org.kind,
    country: org.country,
    city: '',
    website: org.website ?? '',
    logo_url: org.logo_url ?? '',
    description: org.description ?? '',
    sample: false,
  };
}

function ProfileForm({ institution, organisationID }: { institution: Institution; organisationID?: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [values, setValues] = useState<InstitutionProfileInput>({
    name: institution.name,
    kind: institution.kind,
    country: institution.country,
    city: institution.city,
    website: institution.website,
    logo_url: institution.logo_url,
    description: institution.description,
  });
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);
  const set = (field: keyof InstitutionProfileInput) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setErrors(null);
    try {
      await putInstitution(institution.slug, organisationID ? { ...values, organisation_id: organisationID } : values);
      setSaved(true);
    } catch (err) {
      setErrors(formErrorsFrom(err, profileFields, errorMessage));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="form console-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('orgs.profileTitle')}>
      <FormAlert message={errors?.message} />
      {saved && (
        <div className="notice notice-success" role="status">
          {t('orgs.profileSaved')}
        </div>
      )}
      <TextInput id="inst-name" label={t('orgs.displayName')} value={values.name} onChange={set('name')} error={errors?.fields.name} required />
      <TextArea id="inst-description" label={t('orgs.description')} value={values.description} onChange={set('description')} error={errors?.fields.description} rows={5} />
      <TextInput id="inst-website" type="url" label={t('orgs.website')} value={values.website} onChange={set('website')} error={errors?.fields.website} />
      <TextInput
        id="inst-logo"
        type="url"
        label={t('orgs.logoURL')}
        hint={t('orgs.logoURLHint')}
        value={values.logo_url}
        onChange={set('logo_url')}
        error={errors?.fields.logo_url}
      />
      <TextInput
        id="inst-country"
        label={t('orgs.country')}
        hint={t('orgs.countryHint')}
        value={values.country}
        onChange={set('country')}
        error={errors?.fields.country}
        required
      />
      <TextInput id="inst-city" label={t('orgs.city')} value={values.city} onChange={set('city')} error={errors?.fields.city} />
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('orgs.profileSave')}
        </button>
      </div>
    </form>
  );
}
