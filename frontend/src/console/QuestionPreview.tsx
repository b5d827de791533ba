import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthoredQuestion } from '../api/console';
import type { AnswerBody } from '../api/types';
import { QuestionInput } from '../assessment/QuestionInput';
import { Markdown } from '../components/Markdown';
import { fieldId } from './problems';
import { publicQuestion } from './questions';

/**
 * A question as a learner will see it, with the learner's own controls, to try
 * out; the answers given here are not saved anywhere.
 */
export function QuestionPreview({
  path,
  question,
  number,
  total,
  stem,
}: {
  path: string;
  question: AuthoredQuestion;
  number: number;
  total: number;
  /** The stem of the question's group, when the question is the group's first. */
  stem?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState<AnswerBody | null>(null);
  const id = `${fieldId(path)}-preview`;
  const shown = publicQuestion(question, stem);
  return (
    <div className="question-preview">
      <button
        type="button"
        className="button button-small button-quiet"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {t('console.previewQuestion', { n: number })}
      </button>
      <div id={id} role="region" aria-label={t('console.learnerView', { n: number })} hidden={!open} className="question-preview-body question card">
        {open && (
          <>
            <p className="question-heading">
              {t('assessment.questionOf', { number, total })}{' '}
              <span className="question-points">({t('assessment.points', { count: shown.points })})</span>
            </p>
            {stem && <Markdown source={stem} className="question-stem prose" />}
            <QuestionInput question={shown} answer={answer} onChange={(a) => setAnswer(a)} />
          </>
        )}
      </div>
    </div>
  );
}
