import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Markdown } from '../components/Markdown';

/** What every labelled control takes: its id, label, and the hint and error tied to it. */
export interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
}

/** The aria-describedby of a control with an optional hint and error. */
function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

/** The frame of a field: label, hint, the control, and the error under it. */
function Field({ id, label, hint, error, children, className }: FieldProps & { children: ReactNode; className?: string }) {
  return (
    <div className={[error ? 'field field-invalid' : 'field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function a11y({ id, hint, error }: FieldProps) {
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, hint, error) } as const;
}

/** A one-line text input. */
export function TextInput(
  props: FieldProps & { value: string; onChange(value: string): void; type?: string; lang?: string; required?: boolean },
) {
  const { value, onChange, type = 'text', lang, required } = props;
  return (
    <Field {...props}>
      <input {...a11y(props)} type={type} value={value} lang={lang} required={required} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}

/** A multi-line text input. */
export function TextArea(props: FieldProps & { value: string; onChange(value: string): void; rows?: number; lang?: string }) {
  const { value, onChange, rows = 3, lang } = props;
  return (
    <Field {...props}>
      <textarea {...a11y(props)} rows={rows} value={value} lang={lang} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}

/** A list of short texts edited one per line; blank lines are dropped. */
export function LinesField(props: FieldProps & { value: string[]; onChange(value: string[]): void; rows?: number; lang?: string }) {
  const { value, onChange, rows = 4, lang } = props;
  const [text, setText] = useState(value.join('\n'));
  const [shown, setShown] = useState(value);
  // A new list from outside (a reload) replaces what is typed; the list typed here does not.
  if (shown !== value && value.join('\n') !== linesOf(text).join('\n')) {
    setShown(value);
    setText(value.join('\n'));
  }
  return (
    <Field {...props}>
      <textarea
        {...a11y(props)}
        rows={rows}
        value={text}
        lang={lang}
        onChange={(e) => {
          setText(e.target.value);
          const lines = linesOf(e.target.value);
          setShown(lines);
          onChange(lines);
        }}
      />
    </Field>
  );
}

function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Reads a number as people type it, with a decimal point or comma; undefined when blank, NaN when not a number. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!t) {
    return undefined;
  }
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : Number.NaN;
}

/**
 * A number typed as text, so that "0," on the way to "0,5" stays as typed. Until
 * the text is a number the field says so and the value is left as it was. A blank
 * field stands for blankAs, and blankAs shows as a blank field.
 */
export function NumberField(
  props: FieldProps & { value: number | undefined; onChange(value: number | undefined): void; integer?: boolean; blankAs?: number },
) {
  const { t, i18n } = useTranslation();
  const { value, onChange, integer, error, blankAs } = props;
  const format = (n: number | undefined) =>
    n === undefined || n === blankAs
      ? ''
      : new Intl.NumberFormat(i18n.resolvedLanguage, { useGrouping: false, maximumFractionDigits: 10 }).format(n);
  const [text, setText] = useState(() => format(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(format(value));
  }
  const parsed = parseNumber(text);
  const invalid = parsed !== undefined && (Number.isNaN(parsed) || (integer && !Number.isInteger(parsed)));
  const message = invalid ? (integer ? t('console.notAWholeNumber') : t('console.notANumber')) : error;
  return (
    <Field {...props} error={message}>
      <input
        {...a11y({ ...props, error: message })}
        type="text"
        inputMode={integer ? 'numeric' : 'decimal'}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const n = parseNumber(e.target.value) ?? blankAs;
          if (n === undefined || (!Number.isNaN(n) && (!integer || Number.isInteger(n)))) {
            setShown(n);
            onChange(n);
          }
        }}
      />
    </Field>
  );
}

/** A choice among options; an empty first option when the value may be left unset. */
export function SelectField(
  props: FieldProps & { value: string; onChange(value: string): void; options: { value: string; label: string }[]; emptyLabel?: string },
) {
  const { value, onChange, options, emptyLabel } = props;
  return (
    <Field {...props}>
      <select {...a11y(props)} value={value} onChange={(e) => onChange(e.target.value)}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A yes-or-no choice. */
export function CheckboxField({
  id,
  label,
  hint,
  error,
  checked,
  onChange,
}: FieldProps & { checked: boolean; onChange(checked: boolean): void }) {
  return (
    <div className={error ? 'field field-check field-invalid' : 'field field-check'}>
      <div className="check-row">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Markdown written in a text area, with a preview of how it will read. */
export function MarkdownField(props: FieldProps & { value: string; onChange(value: string): void; rows?: number; lang?: string }) {
  const { t } = useTranslation();
  const { id, value, onChange, rows = 10, lang } = props;
  const [preview, setPreview] = useState(false);
  return (
    <Field {...props} hint={props.hint ?? t('console.markdownHint')} className="markdown-field">
      <textarea
        {...a11y({ ...props, hint: props.hint ?? t('console.markdownHint') })}
        rows={rows}
        value={value}
        lang={lang}
        onChange={(e) => onChange(e.target.value)}
      />
      <div>
        <button
          type="button"
          className="button button-small button-quiet"
          aria-pressed={preview}
          aria-controls={`${id}-preview`}
          onClick={() => setPreview((p) => !p)}
        >
          {t('console.preview')}
        </button>
      </div>
      <div
        id={`${id}-preview`}
        className="markdown-preview"
        hidden={!preview}
        aria-label={t('console.previewOf', { field: props.label })}
        role="region"
      >
        {preview &&
          (value.trim() ? <Markdown source={value} headingOffset={2} /> : <p className="field-hint">{t('console.previewEmpty')}</p>)}
      </div>
    </Field>
  );
}
