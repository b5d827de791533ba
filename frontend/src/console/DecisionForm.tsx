import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DECISIONS, decide, type Decision, type DecisionKind } from '../api/talent';
import { useErrorMessage } from '../components/ErrorNotice';
import { useFormat } from '../i18n/format';

/**
 * A person's decision about a candidate for an opening: shortlist, reject or contact,
 * with an optional reason. Nothing is decided until they record it; a recorded
 * decision can be changed.
 */
export function DecisionForm({
  id,
  orgID,
  openingID,
  pseudonym,
  decision,
  onDecided,
}: {
  id: string;
  orgID: string;
  openingID: string;
  pseudonym: string;
  decision: Decision | null;
  onDecided(decision: Decision): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [choice, setChoice] = useState<DecisionKind | ''>(decision?.decision ?? '');
  const [reason, setReason] = useState(decision?.reason ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!choice) {
      setError(t('recruit.chooseDecision'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const recorded = await decide(orgID, openingID, pseudonym, choice, reason.trim());
      onDecided(recorded?.decision ? recorded : { decision: choice, reason: reason.trim() || undefined, by: '', at: new Date().toISOString() });
      setTimeout(() => statusRef.current?.focus());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      {decision && (
        <p ref={statusRef} className="notice notice-info" role="status" tabIndex={-1}>
          {t(`recruit.decided.${decision.decision}`, { date: format.date(decision.at, { dateStyle: 'medium', timeStyle: 'short' }) })}
          {decision.reason && ` ${t('recruit.becauseOf', { reason: decision.reason })}`}
        </p>
      )}
      <fieldset
        className={error ? 'field field-invalid' : 'field'}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <legend>{t('recruit.decisionLegend', { pseudonym })}</legend>
        {DECISIONS.map((d) => (
          <label key={d} className="choice">
            <input type="radio" name={`${id}-decision`} value={d} checked={choice === d} onChange={() => setChoice(d)} />
            {t(`recruit.decision.${d}`)}
          </label>
        ))}
        {error && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('recruit.reasonLabel')}</label>
        <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {decision ? t('recruit.changeDecision') : t('recruit.recordDecision')}
        </button>
      </div>
    </form>
  );
}
