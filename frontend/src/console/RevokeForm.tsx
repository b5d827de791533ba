import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { TextArea } from './fields';

/** The longest reason the API keeps. */
const MAX_REASON = 500;

/**
 * Revokes a credential for good, with the reason every verifier will read.
 * revoke does the work and answers the id of the credential revoked; fields
 * come before the reason (such as the credential's id).
 */
export function RevokeForm({
  idPrefix,
  revoke,
  fields,
  validate,
  again = false,
}: {
  idPrefix: string;
  revoke(reason: string): Promise<string>;
  fields?(errors: FormErrors | null): ReactNode;
  /** Problems with the other fields before anything is sent. */
  validate?(): FormErrors | null;
  /** Offers to revoke another credential once one is. */
  again?: boolean;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const formRef = useRef<HTMLFormElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useFocusOnErrors(formRef, errors);
  // The form gives way to the outcome: focus follows, so it is read out and not lost.
  useEffect(() => {
    if (revoked) {
      doneRef.current?.focus();
    }
  }, [revoked]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRevoked(null);
    const found: FormErrors = validate?.() ?? { fields: {} };
    if (!reason.trim()) {
      found.fields.reason = t('console.reasonRequired');
    } else if (reason.trim().length > MAX_REASON) {
      found.fields.reason = t('console.reasonTooLong', { max: MAX_REASON });
    }
    if (found.message || Object.keys(found.fields).length) {
      setErrors(found);
      return;
    }
    setBusy(true);
    setErrors(null);
    try {
      setRevoked(await revoke(reason.trim()));
      setReason('');
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        setErrors({ fields: { id: t('console.noSuchCredential') } });
      } else if (err instanceof ApiError && err.status === 409) {
        setErrors({ fields: {}, message: t('console.alreadyRevoked') });
      } else if (err instanceof ApiError && err.errors?.length) {
        setErrors({
          fields: Object.fromEntries(Object.entries(err.fieldErrors()).map(([k, v]) => [k, v.charAt(0).toUpperCase() + v.slice(1)])),
        });
      } else {
        setErrors({ fields: {}, message: errorMessage(err) });
      }
    } finally {
      setBusy(false);
    }
  };

  if (revoked) {
    return (
      <div className="revoke-done">
        <p ref={doneRef} className="notice notice-success" role="status" tabIndex={-1}>
          {t('console.revoked')} <Link to={`/verify/${encodeURIComponent(revoked)}`}>{t('console.seeVerification')}</Link>
        </p>
        {again && (
          <button type="button" className="button button-quiet" onClick={() => setRevoked(null)}>
            {t('console.revokeAnother')}
          </button>
        )}
      </div>
    );
  }

  return (
    <form ref={formRef} className="form narrow revoke-form" onSubmit={(e) => void submit(e)} noValidate>
      <FormAlert message={errors?.message} />
      {fields?.(errors)}
      <TextArea
        id={`${idPrefix}-reason`}
        label={t('console.reason')}
        hint={t('console.reasonHint')}
        value={reason}
        onChange={setReason}
        error={errors?.fields.reason}
        rows={3}
      />
      <button type="submit" className="button button-primary button-danger-solid" disabled={busy}>
        {t('console.revoke')}
      </button>
    </form>
  );
}
