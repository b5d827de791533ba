import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnswerBody, PublicQuestion } from '../api/types';
import { Markdown } from '../components/Markdown';
import { clozeParts, isAnswered, move, wordCount } from './answers';

/** When a change should be saved: at once (a click), or once typing pauses. */
export type Settle = 'now' | 'typing';

export interface QuestionInputProps {
  question: PublicQuestion;
  answer: AnswerBody | null;
  onChange(answer: AnswerBody, settle: Settle): void;
  disabled?: boolean;
}

/** The answer control for a question of any type; every control works with the keyboard alone. */
export function QuestionInput(props: QuestionInputProps) {
  switch (props.question.type) {
    case 'single_choice':
      return <SingleChoice {...props} />;
    case 'multiple_response':
      return <MultipleResponse {...props} />;
    case 'true_false':
      return <TrueFalse {...props} />;
    case 'numeric':
      return <NumericAnswer {...props} />;
    case 'short_answer':
      return <ShortAnswer {...props} />;
    case 'matching':
      return <Matching {...props} />;
    case 'ordering':
      return <Ordering {...props} />;
    case 'cloze':
      return <Cloze {...props} />;
    case 'essay':
      return <Essay {...props} />;
    default:
      return <UnknownType />;
  }
}

/** A question's prompt: Markdown rendered and sanitised like lessons, naming its control by id. */
export function QuestionPrompt({ id, prompt, hint }: { id?: string; prompt: string; hint?: string }) {
  return (
    <div id={id} className="question-prompt">
      <Markdown source={prompt} />
      {hint && <p className="field-hint">{hint}</p>}
    </div>
  );
}

function UnknownType() {
  const { t } = useTranslation();
  return <p className="notice notice-error">{t('assessment.unknownType')}</p>;
}

function SingleChoice({ question, answer, onChange, disabled }: QuestionInputProps) {
  const name = useId();
  return (
    <fieldset className="question-field" disabled={disabled} aria-labelledby={`${name}-prompt`}>
      <QuestionPrompt id={`${name}-prompt`} prompt={question.prompt} />
      {(question.options ?? []).map((option) => (
        <label key={option.id} className="choice choice-block">
          <input type="radio" name={name} checked={answer?.choice === option.id} onChange={() => onChange({ choice: option.id }, 'now')} />
          <span>{option.text}</span>
        </label>
      ))}
    </fieldset>
  );
}

function MultipleResponse({ question, answer, onChange, disabled }: QuestionInputProps) {
  const { t } = useTranslation();
  const id = useId();
  const chosen = answer?.choices ?? [];
  const toggle = (id: string, on: boolean) => {
    const options = (question.options ?? []).map((o) => o.id);
    const next = options.filter((o) => (o === id ? on : chosen.includes(o)));
    onChange({ choices: next }, 'now');
  };
  return (
    <fieldset className="question-field" disabled={disabled} aria-labelledby={`${id}-prompt`}>
      <QuestionPrompt id={`${id}-prompt`} prompt={question.prompt} hint={t('assessment.selectAll')} />
      {(question.options ?? []).map((option) => (
        <label key={option.id} className="choice choice-block">
          <input type="checkbox" checked={chosen.includes(option.id)} onChange={(e) => toggle(option.id, e.target.checked)} />
          <span>{option.text}</span>
        </label>
      ))}
    </fieldset>
  );
}

function TrueFalse({ question, answer, onChange, disabled }: QuestionInputProps) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="question-field" disabled={disabled} aria-labelledby={`${name}-prompt`}>
      <QuestionPrompt id={`${name}-prompt`} prompt={question.prompt} />
      {[true, false].map((value) => (
        <label key={String(value)} className="choice choice-block">
          <input type="radio" name={name} checked={answer?.value === value} onChange={() => onChange({ value }, 'now')} />
          <span>{value ? t('assessment.true') : t('assessment.false')}</span>
        </label>
      ))}
    </fieldset>
  );
}

function NumericAnswer({ question, answer, onChange, disabled }: QuestionInputProps) {
  const { t } = useTranslation();
  const id = useId();
  const units = question.units ?? [];
  const number = answer?.number ?? '';
  const unit = answer?.unit ?? '';
  const change = (next: { number?: string; unit?: string }, settle: Settle) => {
    const body: AnswerBody = { number: next.number ?? number };
    const u = next.unit ?? unit;
    if (u) {
      body.unit = u;
    }
    onChange(body, settle);
  };
  return (
    <div className="question-field">
      <QuestionPrompt id={`${id}-prompt`} prompt={question.prompt} />
      <p id={`${id}-hint`} className="field-hint">
        {t('assessment.numberHint')}
      </p>
      <div className="numeric-row">
        {/* Text, not type=number: the API takes "4,5" as well as "4.5" and browsers disagree on both. */}
        <input
          id={`${id}-number`}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={number}
          disabled={disabled}
          aria-labelledby={`${id}-prompt`}
          aria-describedby={`${id}-hint`}
          onChange={(e) => change({ number: e.target.value }, 'typing')}
        />
        {units.length > 0 && (
          <>
            <label htmlFor={`${id}-unit`} className="visually-hidden">
              {t('assessment.unit')}
            </label>
            <select id={`${id}-unit`} value={unit} disabled={disabled} onChange={(e) => change({ unit: e.target.value }, 'now')}>
              <option value="">{question.unit_required ? t('assessment.chooseUnit') : t('assessment.noUnit')}</option>
              {units.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
    </div>
  );
}

function ShortAnswer({ question, answer, onChange, disabled }: QuestionInputProps) {
  const id = useId();
  return (
    <div className="question-field">
      <QuestionPrompt id={`${id}-prompt`} prompt={question.prompt} />
      <input id={id} aria-labelledby={`${id}-prompt`} type="text" autoComplete="off" maxLength={500} value={answer?.text ?? ''} disabled={disabled} onChange={(e) => onChange({ text: e.target.value }, 'typing')} />
    </div>
  );
}

function Matching({ question, answer, onChange, disabled }: QuestionInputProps) {
  const { t } = useTranslation();
  const id = useId();
  const matches = answer?.matches ?? {};
  const choose = (left: string, right: string) => {
    onChange({ matches: { ...matches, [left]: right } }, 'now');
  };
  return (
    <fieldset className="question-field" disabled={disabled} aria-labelledby={`${id}-prompt`}>
      <QuestionPrompt id={`${id}-prompt`} prompt={question.prompt} />
      <ul className="matching-list">
        {(question.lefts ?? []).map((left, i) => (
          <li key={left.id} className="matching-row">
            <label htmlFor={`${id}-${i}`}>{left.text}</label>
            <select id={`${id}-${i}`} value={matches[left.id] ?? ''} onChange={(e) => choose(left.id, e.target.value)}>
              <option value="">{t('assessment.chooseMatch')}</option>
              {(question.rights ?? []).map((right) => (
                <option key={right.id} value={right.id}>
                  {right.text}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function Ordering({ question, answer, onChange, disabled }: QuestionInputProps) {
  const { t } = useTranslation();
  const promptId = useId();
  const items = question.items ?? [];
  const byId = new Map(items.map((item) => [item.id, item]));
  const saved = answer?.order?.filter((id) => byId.has(id));
  const order = saved && saved.length === items.length ? saved : items.map((item) => item.id);
  const [announcement, setAnnouncement] = useState('');
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  const shift = (index: number, delta: number) => {
    const next = move(order, index, delta);
    const id = order[index]!;
    const to = index + delta;
    onChange({ order: next }, 'now');
    setAnnouncement(t('assessment.moved', { item: byId.get(id)?.text ?? id, position: to + 1, count: next.length }));
    // Keep focus on the control that moved the item, at the item's new place; at an end, that one
    // is disabled, so the other one takes focus.
    const direction = delta < 0 ? 'up' : 'down';
    const atEnd = to === 0 || to === next.length - 1;
    const key = `${id}:${atEnd ? (direction === 'up' ? 'down' : 'up') : direction}`;
    requestAnimationFrame(() => buttons.current.get(key)?.focus());
  };

  return (
    <fieldset className="question-field" disabled={disabled} aria-labelledby={promptId}>
      <QuestionPrompt id={promptId} prompt={question.prompt} hint={t('assessment.orderHint')} />
      <ol className="ordering-list">
        {order.map((id, index) => {
          const text = byId.get(id)?.text ?? id;
          return (
            <li key={id} className="ordering-item">
              <span className="ordering-text">{text}</span>
              <span className="ordering-buttons">
                <button
                  type="button"
                  className="button button-quiet button-small"
                  ref={(el) => void (el ? buttons.current.set(`${id}:up`, el) : buttons.current.delete(`${id}:up`))}
                  disabled={index === 0}
                  aria-label={t('assessment.moveUp', { item: text })}
                  onClick={() => shift(index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button-quiet button-small"
                  ref={(el) => void (el ? buttons.current.set(`${id}:down`, el) : buttons.current.delete(`${id}:down`))}
                  disabled={index === order.length - 1}
                  aria-label={t('assessment.moveDown', { item: text })}
                  onClick={() => shift(index, 1)}
                >
                  ↓
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      {!isAnswered(question, answer) && (
        <button type="button" className="button button-quiet" onClick={() => onChange({ order }, 'now')}>
          {t('assessment.keepOrder')}
        </button>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </fieldset>
  );
}

function Cloze({ question, answer, onChange, disabled }: QuestionInputProps) {
  const { t } = useTranslation();
  const id = useId();
  const gaps = answer?.gaps ?? {};
  const options = new Map((question.gaps ?? []).map((g) => [g.id, g.options ?? []]));
  const numbers = new Map((question.gaps ?? []).map((g, i) => [g.id, i + 1]));
  const fill = (gap: string, value: string, settle: Settle) => onChange({ gaps: { ...gaps, [gap]: value } }, settle);
  return (
    <fieldset className="question-field" disabled={disabled} aria-labelledby={`${id}-prompt`}>
      <QuestionPrompt id={`${id}-prompt`} prompt={question.prompt} />
      <p className="cloze-text">
        {clozeParts(question.text ?? '').map((part, i) => {
          if (part.kind === 'text') {
            return <span key={i}>{part.text}</span>;
          }
          const label = t('assessment.gap', { number: numbers.get(part.id) ?? i + 1 });
          const choices = options.get(part.id) ?? [];
          return choices.length > 0 ? (
            <select key={i} id={`${id}-${part.id}`} aria-label={label} className="cloze-gap" value={gaps[part.id] ?? ''} onChange={(e) => fill(part.id, e.target.value, 'now')}>
              <option value="">{t('assessment.chooseGap')}</option>
              {choices.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          ) : (
            <input
              key={i}
              id={`${id}-${part.id}`}
              type="text"
              autoComplete="off"
              aria-label={label}
              className="cloze-gap"
              size={12}
              value={gaps[part.id] ?? ''}
              onChange={(e) => fill(part.id, e.target.value, 'typing')}
            />
          );
        })}
      </p>
    </fieldset>
  );
}

function Essay({ question, answer, onChange, disabled }: QuestionInputProps) {
  const { t } = useTranslation();
  const id = useId();
  const text = answer?.text ?? '';
  const words = wordCount(text);
  const limits = [
    question.min_words ? t('assessment.minWords', { count: question.min_words }) : '',
    question.max_words ? t('assessment.maxWords', { count: question.max_words }) : '',
  ].filter(Boolean);
  const outOfRange = (question.min_words !== undefined && question.min_words > 0 && words > 0 && words < question.min_words) || (question.max_words !== undefined && question.max_words > 0 && words > question.max_words);
  return (
    <div className="question-field">
      <QuestionPrompt id={`${id}-prompt`} prompt={question.prompt} />
      {question.rubric && question.rubric.length > 0 && (
        <div className="rubric">
          <p className="field-hint">{t('assessment.rubric')}</p>
          <ul>
            {question.rubric.map((c) => (
              <li key={c.criterion}>
                {c.criterion} <span className="field-hint">({t('assessment.points', { count: c.points })})</span>
                {c.levels && c.levels.length > 0 && (
                  <ul className="rubric-levels">
                    {c.levels.map((l) => (
                      <li key={l.points}>
                        {t('assessment.points', { count: l.points })}: {l.description}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <textarea id={id} rows={10} value={text} disabled={disabled} aria-labelledby={`${id}-prompt`} aria-describedby={`${id}-count`} onChange={(e) => onChange({ text: e.target.value }, 'typing')} />
      <p id={`${id}-count`} className={outOfRange ? 'field-hint word-count out-of-range' : 'field-hint word-count'}>
        {t('assessment.words', { count: words })}
        {limits.length > 0 && ` (${limits.join(', ')})`}
      </p>
    </div>
  );
}
