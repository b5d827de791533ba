import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useErrorMessage } from '../components/ErrorNotice';
import { FormAlert, useFocusOnErrors, type FormErrors } from '../components/FormErrors';
import { TextArea } from './fields';

/** The reason's length the API takes for a host's decision. */
const MIN_REASON = 3;
const MAX_REASON = 1000;

/**
 * A host's decision that the audit log keeps with its reason: the reason is
 * required, checked before anything is sent, and the server's refusals are shown
 * at the field or above the form. children come before the reason (other choices).
 */
export function ReasonForm({
  id,
  title,
  submitLabel,
  send,
  onCancel,
  children,
}: {
  id: string;
  title: string;
  submitLabel: string;
  send(reason: string): Promise<void>;
  onCancel?(): void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const formRef = useRef<HTMLFormElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  useFocusOnErrors(formRef, errors);
  // A form opened from a button (one that can be cancelled) takes focus once, so the host lands on what it asks.
  const opened = useRef(onCancel !== undefined);
  useEffect(() => {
    if (opened.current) {
      formRef.current?.querySelector<HTMLElement>('textarea')?.focus();
    }
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < MIN_REASON) {
      setErrors({ fields: { reason: t('hosting.reasonRequired', { min: MIN_REASON }) } });
      return;
    }
    if (trimmed.length > MAX_REASON) {
      setErrors({ fields: { reason: t('console.reasonTooLong', { max: MAX_REASON }) } });
      return;
    }
    setBusy(true);
    setErrors(null);
    try {
      await send(trimmed);
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors() : {};
      setErrors(
        fields.reason
          ? { fields: { reason: fields.reason.charAt(0).toUpperCase() + fields.reason.slice(1) } }
          : { fields: {}, message: errorMessage(err) },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <FormAlert message={errors?.message} />
      {children}
      <TextArea
        id={`${id}-reason`}
        label={t('hosting.reason')}
        hint={t('hosting.reasonHint')}
        value={reason}
        onChange={setReason}
        error={errors?.fields.reason}
        rows={3}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button-quiet" disabled={busy} onClick={onCancel}>
            {t('hosting.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
