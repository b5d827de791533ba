import { useEffect, type RefObject } from 'react';
import { ApiError } from '../api/client';

/** What went wrong with a submitted form: a message for the whole form and one per field. */
export interface FormErrors {
  message?: string;
  fields: Record<string, string>;
}

/**
 * Splits a failed request into per-field errors for the fields the form shows
 * and a form-level message (general, plus errors about fields it does not show).
 */
export function formErrorsFrom(error: unknown, shownFields: readonly string[], general: (error: unknown) => string): FormErrors {
  if (!(error instanceof ApiError) || !error.errors?.length) {
    return { message: general(error), fields: {} };
  }
  const fields: Record<string, string> = {};
  const others: string[] = [];
  for (const [field, fragment] of Object.entries(error.fieldErrors())) {
    // The API words field errors as fragments ("must be at least 12 characters").
    const message = fragment.charAt(0).toUpperCase() + fragment.slice(1);
    if (shownFields.includes(field)) {
      fields[field] = message;
    } else {
      others.push(message);
    }
  }
  return { message: others.length ? others.join(' ') : undefined, fields };
}

/** After a failed submit, moves focus to the form's alert, or else to its first invalid field. */
export function useFocusOnErrors(formRef: RefObject<HTMLFormElement | null>, errors: FormErrors | null): void {
  useEffect(() => {
    if (!errors || !formRef.current) {
      return;
    }
    const target =
      formRef.current.querySelector<HTMLElement>('[data-form-alert]') ??
      formRef.current.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
  }, [errors, formRef]);
}

/** The form-level alert; it takes focus when a submit fails. */
export function FormAlert({ message }: { message?: string }) {
  if (!message) {
    return null;
  }
  return (
    <div className="notice notice-error" role="alert" tabIndex={-1} data-form-alert>
      {message}
    </div>
  );
}
