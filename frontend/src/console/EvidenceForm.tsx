import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { submitEvidence, type Org } from '../api/console';
import { useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, formErrorsFrom, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { TextField } from '../components/TextField';

/** An owner's form to submit, or correct, the evidence an administrator checks before verifying the organisation. */
export function EvidenceForm({ org, onSaved }: { org: Org; onSaved(org: Org): void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [number, setNumber] = useState(org.evidence?.registration_number ?? '');
  const [domain, setDomain] = useState(org.evidence?.email_domain ?? '');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, errors);
  const headingID = `evidence-${org.id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setErrors(null);
    try {
      onSaved(await submitEvidence(org.id, { registration_number: number.trim(), email_domain: domain.trim() }));
      setSaved(true);
    } catch (err) {
      setErrors(formErrorsFrom(err, ['registration_number', 'email_domain'], errorMessage));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h3 id={headingID}>{t('orgs.evidenceTitle')}</h3>
      <p>{t('orgs.evidenceLead')}</p>
      <form ref={formRef} className="form console-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={headingID}>
        <FormAlert message={errors?.message} />
        {saved && (
          <div className="notice notice-success" role="status">
            {t('orgs.evidenceSaved')}
          </div>
        )}
        <TextField
          id={`evidence-number-${org.id}`}
          label={t('orgs.registrationNumber')}
          hint={t('orgs.registrationNumberHint')}
          value={number}
          onChange={setNumber}
          error={errors?.fields.registration_number}
          required
        />
        <TextField
          id={`evidence-domain-${org.id}`}
          label={t('orgs.emailDomain')}
          hint={t('orgs.emailDomainHint')}
          value={domain}
          onChange={setDomain}
          error={errors?.fields.email_domain}
          required
        />
        <div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {org.evidence ? t('orgs.evidenceUpdate') : t('orgs.evidenceSubmit')}
          </button>
        </div>
      </form>
    </>
  );
}
