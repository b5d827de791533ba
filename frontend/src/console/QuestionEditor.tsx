import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthoredOption, AuthoredQuestion } from '../api/console';
import { CheckboxField, LinesField, NumberField, SelectField, TextArea, TextInput } from './fields';
import { fieldId, messagesAt, NO_PROBLEMS, type Problems } from './problems';
import { isEditable, newOptionID, removeAt, replaceAt } from './tree';

/** The problems of the last save or publish, for every editor of the course's content. */
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
}: {
  name: string;
  index: number;
  count: number;
  onMove(to: number): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  // aria-disabled rather than disabled keeps focus on a button whose entry reached an end.
  const first = index === 0;
  const last = index === count - 1;
  return (
    <div className="list-controls">
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
      <button type="button" className="button button-small button-quiet button-danger" onClick={onRemove}>
        {t('console.remove')}
        <span className="visually-hidden">: {name}</span>
      </button>
    </div>
  );
}

interface QuestionProps {
  path: string;
  question: AuthoredQuestion;
  number: number;
  language?: string;
  onChange(question: AuthoredQuestion): void;
}

/** One question of a quiz: its prompt, points and explanation, and what its type needs to be graded. */
export function QuestionEditor({ path, question: q, number, language, onChange }: QuestionProps) {
  const { t } = useTranslation();
  const set = (fields: Partial<AuthoredQuestion>) => onChange({ ...q, ...fields });
  const promptError = useProblem(`${path}.prompt`);
  const pointsError = useProblem(`${path}.points`);
  const explanationError = useProblem(`${path}.explanation`);
  const typeLabel = t(`console.questionTypes.${q.type}`, { defaultValue: q.type });

  if (!isEditable(q.type)) {
    return (
      <div className="question-editor question-readonly">
        <p className="field-hint">{t('console.readOnlyQuestion', { type: typeLabel })}</p>
        <p className="readonly-prompt" lang={language}>
          {q.prompt}
        </p>
      </div>
    );
  }

  return (
    <div className="question-editor">
      <TextArea
        id={fieldId(`${path}.prompt`)}
        label={t('console.questionPrompt', { number })}
        value={q.prompt}
        onChange={(prompt) => set({ prompt })}
        error={promptError}
        lang={language}
      />
      {(q.type === 'single_choice' || q.type === 'multiple_response') && (
        <ChoiceOptions path={path} question={q} language={language} onChange={onChange} />
      )}
      {q.type === 'true_false' && <TrueFalse path={path} question={q} onChange={onChange} />}
      {q.type === 'short_answer' && <ShortAnswer path={path} question={q} language={language} onChange={onChange} />}
      {q.type === 'numeric' && <Numeric path={path} question={q} onChange={onChange} />}
      <NumberField
        id={fieldId(`${path}.points`)}
        label={t('console.points')}
        value={q.points}
        onChange={(points) => set({ points })}
        error={pointsError}
      />
      <TextArea
        id={fieldId(`${path}.explanation`)}
        label={t('console.explanation')}
        hint={t('console.explanationHint')}
        value={q.explanation ?? ''}
        onChange={(explanation) => set({ explanation: explanation || undefined })}
        error={explanationError}
        lang={language}
        rows={2}
      />
    </div>
  );
}

function ChoiceOptions({ path, question: q, language, onChange }: Omit<QuestionProps, 'number'>) {
  const { t } = useTranslation();
  const options = q.options ?? [];
  const single = q.type === 'single_choice';
  const listError = useProblem(`${path}.options`);
  const problems = useContext(ProblemsContext);
  const setOptions = (next: AuthoredOption[]) => onChange({ ...q, options: next });
  const legendID = `${fieldId(`${path}.options`)}-legend`;
  return (
    <fieldset
      id={fieldId(`${path}.options`)}
      className={listError ? 'options-editor field-invalid' : 'options-editor'}
      tabIndex={-1}
      aria-describedby={listError ? `${fieldId(`${path}.options`)}-error` : undefined}
    >
      <legend id={legendID}>{single ? t('console.optionsSingle') : t('console.optionsMultiple')}</legend>
      {listError && (
        <p id={`${fieldId(`${path}.options`)}-error`} className="field-error">
          {listError}
        </p>
      )}
      <ol className="option-rows">
        {options.map((o, i) => {
          const at = `${path}.options[${i}]`;
          const name = t('console.optionN', { n: i + 1 });
          return (
            <li key={o.id} className="option-row">
              <TextInput
                id={fieldId(`${at}.text`)}
                label={name}
                value={o.text}
                onChange={(text) => setOptions(replaceAt(options, i, { ...o, text }))}
                error={messagesAt(problems, `${at}.text`)}
                lang={language}
              />
              <div className="check-row">
                <input
                  id={fieldId(`${at}.correct`)}
                  type={single ? 'radio' : 'checkbox'}
                  name={single ? fieldId(`${path}.correct-option`) : undefined}
                  checked={Boolean(o.correct)}
                  onChange={(e) =>
                    setOptions(
                      options.map((other, k) =>
                        k === i ? { ...other, correct: e.target.checked } : single ? { ...other, correct: false } : other,
                      ),
                    )
                  }
                />
                <label htmlFor={fieldId(`${at}.correct`)}>
                  {t('console.correctOption')} <span className="visually-hidden">({name})</span>
                </label>
              </div>
              <button
                type="button"
                className="button button-small button-quiet button-danger"
                onClick={() => options.length > 2 && setOptions(removeAt(options, i))}
                aria-disabled={options.length <= 2 || undefined}
              >
                {t('console.remove')}
                <span className="visually-hidden">: {name}</span>
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button button-small button-quiet"
        onClick={() => setOptions([...options, { id: newOptionID(options.map((o) => o.id)), text: '', correct: false }])}
      >
        {t('console.addOption')}
      </button>
    </fieldset>
  );
}

function TrueFalse({ path, question: q, onChange }: Omit<QuestionProps, 'number' | 'language'>) {
  const { t } = useTranslation();
  const error = useProblem(`${path}.correct`);
  const id = fieldId(`${path}.correct`);
  return (
    <fieldset id={id} className={error ? 'field-invalid' : undefined} tabIndex={-1} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('console.correctAnswer')}</legend>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {[true, false].map((value) => (
        <div className="check-row" key={String(value)}>
          <input
            id={`${id}-${value}`}
            type="radio"
            name={id}
            checked={q.correct === value}
            onChange={() => onChange({ ...q, correct: value })}
          />
          <label htmlFor={`${id}-${value}`}>{value ? t('console.true') : t('console.false')}</label>
        </div>
      ))}
    </fieldset>
  );
}

function ShortAnswer({ path, question: q, language, onChange }: Omit<QuestionProps, 'number'>) {
  const { t } = useTranslation();
  const answersError = useProblem(`${path}.answers`, { lines: true });
  const patternError = useProblem(`${path}.pattern`);
  return (
    <>
      <LinesField
        id={fieldId(`${path}.answers`)}
        label={t('console.acceptedAnswers')}
        hint={t('console.acceptedAnswersHint')}
        value={q.answers ?? []}
        onChange={(answers) => onChange({ ...q, answers })}
        error={answersError}
        lang={language}
        rows={3}
      />
      <CheckboxField
        id={fieldId(`${path}.case_sensitive`)}
        label={t('console.caseSensitive')}
        checked={Boolean(q.case_sensitive)}
        onChange={(v) => onChange({ ...q, case_sensitive: v || undefined })}
      />
      <TextInput
        id={fieldId(`${path}.pattern`)}
        label={t('console.pattern')}
        hint={t('console.patternHint')}
        value={q.pattern ?? ''}
        onChange={(pattern) => onChange({ ...q, pattern: pattern || undefined })}
        error={patternError}
      />
    </>
  );
}

function Numeric({ path, question: q, onChange }: Omit<QuestionProps, 'number' | 'language'>) {
  const { t } = useTranslation();
  const answerError = useProblem(`${path}.answer`);
  const toleranceError = useProblem(`${path}.tolerance`);
  const modeError = useProblem(`${path}.tolerance_mode`);
  return (
    <>
      <NumberField
        id={fieldId(`${path}.answer`)}
        label={t('console.correctAnswer')}
        value={q.answer}
        onChange={(answer) => onChange({ ...q, answer })}
        error={answerError}
      />
      <NumberField
        id={fieldId(`${path}.tolerance`)}
        label={t('console.tolerance')}
        hint={t('console.toleranceHint')}
        value={q.tolerance}
        onChange={(tolerance) => onChange({ ...q, tolerance: tolerance || undefined })}
        error={toleranceError}
      />
      <SelectField
        id={fieldId(`${path}.tolerance_mode`)}
        label={t('console.toleranceMode')}
        value={q.tolerance_mode ?? 'absolute'}
        onChange={(mode) => onChange({ ...q, tolerance_mode: mode })}
        options={[
          { value: 'absolute', label: t('console.toleranceAbsolute') },
          { value: 'relative', label: t('console.toleranceRelative') },
        ]}
        error={modeError}
      />
      {q.units && q.units.length > 0 && (
        <p className="field-hint">{t('console.unitsKept', { units: q.units.map((u) => u.unit).join(', ') })}</p>
      )}
    </>
  );
}
