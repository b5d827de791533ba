import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId, messagesAt, NO_PROBLEMS, type Problems } from './problems';

/** The problems shown at the fields of a course's content: the editor's own checks, then the API's. */
export const ProblemsContext = createContext<Problems>(NO_PROBLEMS);

/** The messages about the field at path, from the problems in context. */
export function useProblem(path: string, options?: { lines?: boolean }): string | undefined {
  return messagesAt(useContext(ProblemsContext), path, options);
}

/** Buttons that move an entry of a list up or down, or remove it, named after it. */
export function ListControls({
  name,
  index,
  count,
  onMove,
  onRemove,
  removable = true,
}: {
  name: string;
  index: number;
  count: number;
  onMove?(to: number): void;
  onRemove(): void;
  /** False when the list would become too short to be graded. */
  removable?: boolean;
}) {
  const { t } = useTranslation();
  // aria-disabled rather than disabled keeps focus on a button whose entry reached an end.
  const first = index === 0;
  const last = index === count - 1;
  return (
    <div className="list-controls">
      {onMove && (
        <>
          <button
            type="button"
            className="button button-small button-quiet"
            aria-disabled={first || undefined}
            onClick={() => !first && onMove(index - 1)}
          >
            {t('console.moveUp')}
            <span className="visually-hidden">: {name}</span>
          </button>
          <button
            type="button"
            className="button button-small button-quiet"
            aria-disabled={last || undefined}
            onClick={() => !last && onMove(index + 1)}
          >
            {t('console.moveDown')}
            <span className="visually-hidden">: {name}</span>
          </button>
        </>
      )}
      <button
        type="button"
        className="button button-small button-quiet button-danger"
        aria-disabled={!removable || undefined}
        onClick={() => removable && onRemove()}
      >
        {t('console.remove')}
        <span className="visually-hidden">: {name}</span>
      </button>
    </div>
  );
}

/**
 * A list of entries edited in place (options, pairs, items, criteria): a fieldset
 * named by its legend, the problems of the list as a whole, and a button that adds an entry.
 */
export function ListFieldset({
  path,
  legend,
  hint,
  addLabel,
  onAdd,
  children,
}: {
  /** The API path of the list, e.g. modules[0].items[1].assessment.questions[2].pairs. */
  path: string;
  legend: string;
  hint?: string;
  addLabel: string;
  onAdd(): void;
  children: ReactNode;
}) {
  const id = fieldId(path);
  const error = useProblem(path);
  return (
    <fieldset
      id={id}
      className={error ? 'options-editor field-invalid' : 'options-editor'}
      tabIndex={-1}
      aria-describedby={[hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined}
    >
      <legend>{legend}</legend>
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
      <ol className="option-rows">{children}</ol>
      <button type="button" className="button button-small button-quiet" onClick={onAdd}>
        {addLabel}
      </button>
    </fieldset>
  );
}
