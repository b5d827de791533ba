import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthoredGap, AuthoredItem, AuthoredPair, RubricCriterion, RubricLevel } from '../api/console';
import { ListControls, ListFieldset, ProblemsContext, useProblem } from './contentEditing';
import { CheckboxField, LinesField, NumberField, SelectField, TextArea, TextInput } from './fields';
import { freeID } from './options';
import { fieldId, messagesAt } from './problems';
import type { TypeEditorProps } from './QuestionEditor';
import { insertGap, removeGap, withTextGaps } from './questions';
import { moveTo, removeAt, replaceAt } from './tree';

/** The pairs of a matching question, left with right, and the extra right-hand texts that match nothing. */
export function MatchingEditor({ path, question: q, language, onChange }: TypeEditorProps) {
  const { t } = useTranslation();
  const problems = useContext(ProblemsContext);
  const distractorsError = useProblem(`${path}.distractors`, { lines: true });
  const pairs = q.pairs ?? [];
  const setPairs = (next: AuthoredPair[]) => onChange({ ...q, pairs: next });
  return (
    <>
      <ListFieldset
        path={`${path}.pairs`}
        legend={t('console.pairs')}
        hint={t('console.pairsHint')}
        addLabel={t('console.addPair')}
        onAdd={() =>
          setPairs([
            ...pairs,
            {
              id: freeID(
                'p',
                pairs.map((p) => p.id),
              ),
              left: '',
              right: '',
            },
          ])
        }
      >
        {pairs.map((p, i) => {
          const at = `${path}.pairs[${i}]`;
          const name = t('console.pairN', { n: i + 1 });
          return (
            <li key={p.id} className="row-editor">
              <p className="row-editor-title">{name}</p>
              <TextInput
                id={fieldId(`${at}.left`)}
                label={t('console.pairLeft', { n: i + 1 })}
                value={p.left}
                onChange={(left) => setPairs(replaceAt(pairs, i, { ...p, left }))}
                error={messagesAt(problems, `${at}.left`)}
                lang={language}
              />
              <TextInput
                id={fieldId(`${at}.right`)}
                label={t('console.pairRight', { n: i + 1 })}
                value={p.right}
                onChange={(right) => setPairs(replaceAt(pairs, i, { ...p, right }))}
                error={messagesAt(problems, `${at}.right`)}
                lang={language}
              />
              <ListControls
                name={name}
                index={i}
                count={pairs.length}
                onMove={(to) => setPairs(moveTo(pairs, i, to))}
                onRemove={() => setPairs(removeAt(pairs, i))}
                removable={pairs.length > 2}
              />
            </li>
          );
        })}
      </ListFieldset>
      <LinesField
        id={fieldId(`${path}.distractors`)}
        label={t('console.distractors')}
        hint={t('console.distractorsHint')}
        value={q.distractors ?? []}
        onChange={(distractors) => onChange({ ...q, distractors: distractors.length ? distractors : undefined })}
        error={distractorsError}
        lang={language}
        rows={2}
      />
    </>
  );
}

/** The items of an ordering question, listed in the right order and moved with buttons. */
export function OrderingEditor({ path, question: q, language, onChange }: TypeEditorProps) {
  const { t } = useTranslation();
  const problems = useContext(ProblemsContext);
  const items = q.items ?? [];
  const setItems = (next: AuthoredItem[]) => onChange({ ...q, items: next });
  return (
    <>
      <ListFieldset
        path={`${path}.items`}
        legend={t('console.orderItems')}
        hint={t('console.orderItemsHint')}
        addLabel={t('console.addItem')}
        onAdd={() =>
          setItems([
            ...items,
            {
              id: freeID(
                'i',
                items.map((it) => it.id),
              ),
              text: '',
            },
          ])
        }
      >
        {items.map((it, i) => {
          const at = `${path}.items[${i}]`;
          const name = t('console.positionN', { n: i + 1 });
          return (
            <li key={it.id} className="row-editor">
              <TextInput
                id={fieldId(`${at}.text`)}
                label={name}
                value={it.text}
                onChange={(text) => setItems(replaceAt(items, i, { ...it, text }))}
                error={messagesAt(problems, `${at}.text`)}
                lang={language}
              />
              <ListControls
                name={it.text || name}
                index={i}
                count={items.length}
                onMove={(to) => setItems(moveTo(items, i, to))}
                onRemove={() => setItems(removeAt(items, i))}
                removable={items.length > 2}
              />
            </li>
          );
        })}
      </ListFieldset>
      <CheckboxField
        id={fieldId(`${path}.partial`)}
        label={t('console.partialOrder')}
        hint={t('console.partialOrderHint')}
        checked={Boolean(q.partial)}
        onChange={(v) => onChange({ ...q, partial: v || undefined })}
      />
    </>
  );
}

/** A cloze text with its {{gap}} markers, and for each gap the answers it accepts or the options it offers. */
export function ClozeEditor({ path, question: q, language, onChange }: TypeEditorProps) {
  const { t } = useTranslation();
  const textID = fieldId(`${path}.text`);
  const textError = useProblem(`${path}.text`);
  const gapsError = useProblem(`${path}.gaps`);
  const gaps = q.gaps ?? [];
  const insert = () => {
    const field = document.getElementById(textID) as HTMLTextAreaElement | null;
    onChange(insertGap(q, field?.selectionEnd ?? (q.text ?? '').length));
  };
  return (
    <>
      <TextArea
        id={textID}
        label={t('console.clozeText')}
        hint={t('console.clozeTextHint')}
        value={q.text ?? ''}
        onChange={(text) => onChange(withTextGaps(q, text))}
        error={textError}
        lang={language}
        rows={4}
      />
      <p>
        <button type="button" className="button button-small button-quiet" onClick={insert}>
          {t('console.insertGap')}
        </button>
      </p>
      {gapsError && (
        <p id={fieldId(`${path}.gaps`)} className="field-error" tabIndex={-1}>
          {gapsError}
        </p>
      )}
      <ol className="option-rows">
        {gaps.map((g, i) => (
          <li key={g.id}>
            <GapEditor
              path={`${path}.gaps[${i}]`}
              gap={g}
              language={language}
              onChange={(gap) => onChange({ ...q, gaps: replaceAt(gaps, i, gap) })}
              onRemove={() => onChange(removeGap(q, i))}
            />
          </li>
        ))}
      </ol>
    </>
  );
}

function GapEditor({
  path,
  gap: g,
  language,
  onChange,
  onRemove,
}: {
  path: string;
  gap: AuthoredGap;
  language?: string;
  onChange(gap: AuthoredGap): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  const id = fieldId(path);
  const error = useProblem(path);
  const answersError = useProblem(`${path}.answers`, { lines: true });
  const optionsError = useProblem(`${path}.options`, { lines: true });
  const answerError = useProblem(`${path}.answer`);
  const choice = g.options !== undefined;
  const name = t('console.gapNamed', { marker: `{{${g.id}}}` });
  return (
    <fieldset id={id} tabIndex={-1} className="nested-editor" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{name}</legend>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      <div role="radiogroup" aria-label={t('console.gapKind', { marker: `{{${g.id}}}` })}>
        <div className="check-row">
          <input id={`${id}-typed`} type="radio" name={`${id}-kind`} checked={!choice} onChange={() => onChange({ id: g.id, answers: [] })} />
          <label htmlFor={`${id}-typed`}>{t('console.gapTyped')}</label>
        </div>
        <div className="check-row">
          <input
            id={`${id}-choice`}
            type="radio"
            name={`${id}-kind`}
            checked={choice}
            onChange={() => onChange({ id: g.id, options: [], answer: '' })}
          />
          <label htmlFor={`${id}-choice`}>{t('console.gapChoice')}</label>
        </div>
      </div>
      {choice ? (
        <>
          <LinesField
            id={fieldId(`${path}.options`)}
            label={t('console.gapOptions', { marker: `{{${g.id}}}` })}
            hint={t('console.onePerLine')}
            value={g.options ?? []}
            onChange={(options) => onChange({ ...g, options, answer: options.includes(g.answer ?? '') ? g.answer : '' })}
            error={optionsError}
            lang={language}
            rows={3}
          />
          <SelectField
            id={fieldId(`${path}.answer`)}
            label={t('console.gapAnswer', { marker: `{{${g.id}}}` })}
            value={g.answer ?? ''}
            emptyLabel={t('console.chooseOne')}
            onChange={(answer) => onChange({ ...g, answer })}
            options={(g.options ?? []).map((o) => ({ value: o, label: o }))}
            error={answerError}
          />
        </>
      ) : (
        <LinesField
          id={fieldId(`${path}.answers`)}
          label={t('console.gapAnswers', { marker: `{{${g.id}}}` })}
          hint={t('console.onePerLine')}
          value={g.answers ?? []}
          onChange={(answers) => onChange({ ...g, answers })}
          error={answersError}
          lang={language}
          rows={2}
        />
      )}
      <ListControls name={name} index={0} count={1} onRemove={onRemove} />
    </fieldset>
  );
}

/** An essay's word limits and its marking rubric: criteria worth points, each with levels of performance. */
export function EssayEditor({ path, question: q, language, onChange }: TypeEditorProps) {
  const { t } = useTranslation();
  const minError = useProblem(`${path}.min_words`);
  const maxError = useProblem(`${path}.max_words`);
  const rubric = q.rubric ?? [];
  const setRubric = (next: RubricCriterion[]) => onChange({ ...q, rubric: next, points: next.length ? undefined : (q.points ?? 1) });
  return (
    <>
      <div className="field-grid">
        <NumberField
          id={fieldId(`${path}.min_words`)}
          label={t('console.minWords')}
          hint={t('console.zeroNoLimit')}
          value={q.min_words ?? 0}
          onChange={(n) => onChange({ ...q, min_words: n || undefined })}
          blankAs={0}
          integer
          error={minError}
        />
        <NumberField
          id={fieldId(`${path}.max_words`)}
          label={t('console.maxWords')}
          hint={t('console.zeroNoLimit')}
          value={q.max_words ?? 0}
          onChange={(n) => onChange({ ...q, max_words: n || undefined })}
          blankAs={0}
          integer
          error={maxError}
        />
      </div>
      <ListFieldset
        path={`${path}.rubric`}
        legend={t('console.rubric')}
        hint={t('console.rubricHint')}
        addLabel={t('console.addCriterion')}
        onAdd={() => setRubric([...rubric, { criterion: '', points: 1 }])}
      >
        {rubric.map((c, i) => (
          <li key={i}>
            <CriterionEditor
              path={`${path}.rubric[${i}]`}
              criterion={c}
              number={i + 1}
              count={rubric.length}
              language={language}
              onChange={(next) => setRubric(replaceAt(rubric, i, next))}
              onMove={(to) => setRubric(moveTo(rubric, i, to))}
              onRemove={() => setRubric(removeAt(rubric, i))}
            />
          </li>
        ))}
      </ListFieldset>
    </>
  );
}

function CriterionEditor({
  path,
  criterion: c,
  number,
  count,
  language,
  onChange,
  onMove,
  onRemove,
}: {
  path: string;
  criterion: RubricCriterion;
  number: number;
  count: number;
  language?: string;
  onChange(c: RubricCriterion): void;
  onMove(to: number): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  const problems = useContext(ProblemsContext);
  const levels = c.levels ?? [];
  const setLevels = (next: RubricLevel[]) => onChange({ ...c, levels: next.length ? next : undefined });
  const name = t('console.criterionN', { n: number });
  return (
    <fieldset id={fieldId(path)} tabIndex={-1} className="nested-editor">
      <legend>{name}</legend>
      <TextInput
        id={fieldId(`${path}.criterion`)}
        label={t('console.criterionText', { n: number })}
        value={c.criterion}
        onChange={(criterion) => onChange({ ...c, criterion })}
        error={messagesAt(problems, `${path}.criterion`)}
        lang={language}
      />
      <NumberField
        id={fieldId(`${path}.points`)}
        label={t('console.criterionPoints', { n: number })}
        value={c.points}
        onChange={(points) => onChange({ ...c, points: points ?? 0 })}
        error={messagesAt(problems, `${path}.points`)}
      />
      <ListFieldset
        path={`${path}.levels`}
        legend={t('console.levelsOf', { n: number })}
        hint={t('console.levelsHint')}
        addLabel={t('console.addLevel', { n: number })}
        onAdd={() => setLevels([...levels, { points: levels.length === 0 ? c.points : 0, description: '' }])}
      >
        {levels.map((l, k) => {
          const at = `${path}.levels[${k}]`;
          const levelName = t('console.levelN', { n: k + 1, criterion: number });
          return (
            <li key={k} className="row-editor">
              <NumberField
                id={fieldId(`${at}.points`)}
                label={t('console.levelPoints', { n: k + 1, criterion: number })}
                value={l.points}
                onChange={(points) => setLevels(replaceAt(levels, k, { ...l, points: points ?? 0 }))}
                error={messagesAt(problems, `${at}.points`)}
              />
              <TextInput
                id={fieldId(`${at}.description`)}
                label={t('console.levelDescription', { n: k + 1, criterion: number })}
                value={l.description}
                onChange={(description) => setLevels(replaceAt(levels, k, { ...l, description }))}
                error={messagesAt(problems, `${at}.description`)}
                lang={language}
              />
              <ListControls
                name={levelName}
                index={k}
                count={levels.length}
                onMove={(to) => setLevels(moveTo(levels, k, to))}
                onRemove={() => setLevels(removeAt(levels, k))}
              />
            </li>
          );
        })}
      </ListFieldset>
      <ListControls name={name} index={number - 1} count={count} onMove={onMove} onRemove={onRemove} />
    </fieldset>
  );
}
