import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthoredOption, AuthoredQuestion } from '../api/console';
import { ListControls, ListFieldset, ProblemsContext, useProblem } from './contentEditing';
import { CheckboxField, LinesField, NumberField, SelectField, TextArea, TextInput } from './fields';
import { fieldId, messagesAt } from './problems';
import { questionPoints } from './questions';
import { ClozeEditor, EssayEditor, MatchingEditor, OrderingEditor } from './StructuredQuestions';
import { moveTo, newOptionID, removeAt, replaceAt } from './tree';

/** What the editor of one question's type-specific fields takes. */
export interface TypeEditorProps {
  path: string;
  question: AuthoredQuestion;
  language?: string;
  onChange(question: AuthoredQuestion): void;
}

/** One question of a quiz: its prompt, points and explanation, and what its type needs to be graded. */
export function QuestionEditor({ number, ...props }: TypeEditorProps & { number: number }) {
  const { t } = useTranslation();
  const { path, question: q, language, onChange } = props;
  const set = (fields: Partial<AuthoredQuestion>) => onChange({ ...q, ...fields });
  const promptError = useProblem(`${path}.prompt`);
  const pointsError = useProblem(`${path}.points`);
  const explanationError = useProblem(`${path}.explanation`);
  const rubricPoints = q.type === 'essay' && Boolean(q.rubric?.length);

  return (
    <div className="question-editor">
      <TextArea
        id={fieldId(`${path}.prompt`)}
        label={t('console.questionPrompt', { number })}
        hint={t('console.promptHint')}
        value={q.prompt}
        onChange={(prompt) => set({ prompt })}
        error={promptError}
        lang={language}
      />
      {(q.type === 'single_choice' || q.type === 'multiple_response') && <ChoiceOptions {...props} />}
      {q.type === 'true_false' && <TrueFalse {...props} />}
      {q.type === 'short_answer' && <ShortAnswer {...props} />}
      {q.type === 'numeric' && <Numeric {...props} />}
      {q.type === 'matching' && <MatchingEditor {...props} />}
      {q.type === 'ordering' && <OrderingEditor {...props} />}
      {q.type === 'cloze' && <ClozeEditor {...props} />}
      {q.type === 'essay' && <EssayEditor {...props} />}
      {rubricPoints ? (
        <p className="field-hint">{t('console.rubricWorth', { count: questionPoints(q) })}</p>
      ) : (
        <NumberField
          id={fieldId(`${path}.points`)}
          label={t('console.points')}
          value={q.points}
          onChange={(points) => set({ points })}
          error={pointsError}
        />
      )}
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

function ChoiceOptions({ path, question: q, language, onChange }: TypeEditorProps) {
  const { t } = useTranslation();
  const options = q.options ?? [];
  const single = q.type === 'single_choice';
  const problems = useContext(ProblemsContext);
  const penaltyError = useProblem(`${path}.penalty`);
  const setOptions = (next: AuthoredOption[]) => onChange({ ...q, options: next });
  return (
    <>
      <ListFieldset
        path={`${path}.options`}
        legend={single ? t('console.optionsSingle') : t('console.optionsMultiple')}
        addLabel={t('console.addOption')}
        onAdd={() => setOptions([...options, { id: newOptionID(options.map((o) => o.id)), text: '', correct: false }])}
      >
        {options.map((o, i) => {
          const at = `${path}.options[${i}]`;
          const name = t('console.optionN', { n: i + 1 });
          return (
            <li key={o.id} className="row-editor">
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
              <TextInput
                id={fieldId(`${at}.feedback`)}
                label={t('console.optionFeedback', { n: i + 1 })}
                hint={t('console.optionFeedbackHint')}
                value={o.feedback ?? ''}
                onChange={(feedback) => setOptions(replaceAt(options, i, { ...o, feedback: feedback || undefined }))}
                error={messagesAt(problems, `${at}.feedback`)}
                lang={language}
              />
              <ListControls
                name={name}
                index={i}
                count={options.length}
                onMove={(to) => setOptions(moveTo(options, i, to))}
                onRemove={() => setOptions(removeAt(options, i))}
                removable={options.length > 2}
              />
            </li>
          );
        })}
      </ListFieldset>
      {!single && (
        <NumberField
          id={fieldId(`${path}.penalty`)}
          label={t('console.penalty')}
          hint={t('console.penaltyHint')}
          value={q.penalty}
          onChange={(penalty) => onChange({ ...q, penalty })}
          error={penaltyError}
        />
      )}
    </>
  );
}

function TrueFalse({ path, question: q, onChange }: TypeEditorProps) {
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

function ShortAnswer({ path, question: q, language, onChange }: TypeEditorProps) {
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

function Numeric({ path, question: q, onChange }: TypeEditorProps) {
  const { t } = useTranslation();
  const problems = useContext(ProblemsContext);
  const answerError = useProblem(`${path}.answer`);
  const toleranceError = useProblem(`${path}.tolerance`);
  const modeError = useProblem(`${path}.tolerance_mode`);
  const requiredError = useProblem(`${path}.unit_required`);
  const units = q.units ?? [];
  const setUnits = (next: { unit: string; multiplier: number }[]) =>
    onChange({ ...q, units: next.length ? next : undefined, unit_required: next.length ? q.unit_required : undefined });
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
      <ListFieldset
        path={`${path}.units`}
        legend={t('console.units')}
        hint={t('console.unitsHint')}
        addLabel={t('console.addUnit')}
        onAdd={() => setUnits([...units, { unit: '', multiplier: 1 }])}
      >
        {units.map((u, i) => {
          const at = `${path}.units[${i}]`;
          const name = t('console.unitN', { n: i + 1 });
          return (
            <li key={i} className="row-editor">
              <TextInput
                id={fieldId(`${at}.unit`)}
                label={name}
                value={u.unit}
                onChange={(unit) => setUnits(replaceAt(units, i, { ...u, unit }))}
                error={messagesAt(problems, `${at}.unit`)}
              />
              <NumberField
                id={fieldId(`${at}.multiplier`)}
                label={t('console.multiplier', { n: i + 1 })}
                hint={t('console.multiplierHint')}
                value={u.multiplier}
                onChange={(multiplier) => setUnits(replaceAt(units, i, { ...u, multiplier: multiplier ?? 0 }))}
                error={messagesAt(problems, `${at}.multiplier`)}
              />
              <ListControls name={name} index={i} count={units.length} onRemove={() => setUnits(removeAt(units, i))} />
            </li>
          );
        })}
      </ListFieldset>
      {units.length > 0 && (
        <CheckboxField
          id={fieldId(`${path}.unit_required`)}
          label={t('console.unitRequired')}
          checked={Boolean(q.unit_required)}
          onChange={(v) => onChange({ ...q, unit_required: v || undefined })}
          error={requiredError}
        />
      )}
    </>
  );
}
