import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../components/ErrorNotice';
import { MAX_MESSAGE, messageProblem } from './validate';

/**
 * A message sent once: to contest a match, or to ask a candidate for contact. It
 * checks the message, sends it, and says that it was sent (or why not) where focus is.
 */
export function MessageForm({
  id,
  label,
  hint,
  submitLabel,
  sentMessage,
  send,
  problemOf,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  submitLabel: string;
  sentMessage: string;
  send(message: string): Promise<unknown>;
  /** A refusal the form words itself (such as a request already pending), or undefined. */
  problemOf?(error: unknown): string | undefined;
  /** Further fields, shown above the message. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const sentRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (sent) {
      sentRef.current?.focus();
    }
  }, [sent]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = messageProblem(message);
    if (problem) {
      setError(t(problem, { max: MAX_MESSAGE }));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await send(message.trim());
      setSent(true);
      setError(undefined);
    } catch (err) {
      setError(problemOf?.(err) ?? errorMessage(err));
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <p ref={sentRef} className="notice notice-success" role="status" tabIndex={-1}>
        {sentMessage}
      </p>
    );
  }
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      {children}
      <div className={error ? 'field field-invalid' : 'field'}>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p id={`${id}-hint`} className="field-hint">
            {hint}
          </p>
        )}
        <textarea
          ref={inputRef}
          id={id}
          rows={4}
          value={message}
          maxLength={MAX_MESSAGE + 1}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => setMessage(e.target.value)}
        />
        {error && (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
