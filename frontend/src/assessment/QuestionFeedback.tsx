import { useTranslation } from 'react-i18next';
import type { PublicQuestion, QuestionResult } from '../api/types';
import { useFormat } from '../i18n/format';

/** How a question was graded: the verdict, the points, and what the grader had to say. */
export function QuestionFeedback({ question, result }: { question: PublicQuestion; result: QuestionResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  const pending = result.status === 'needs_review';
  const verdict = pending
    ? t('assessment.verdictPending')
    : result.correct
      ? t('assessment.verdictCorrect')
      : result.score > 0
        ? t('assessment.verdictPartial')
        : t('assessment.verdictIncorrect');
  const tone = pending ? 'pending' : result.correct ? 'correct' : result.score > 0 ? 'partial' : 'incorrect';
  const optionText = new Map((question.options ?? []).map((o) => [o.id, o.text]));
  const { message, options, notes, explanation } = result.feedback;
  return (
    <div className={`feedback feedback-${tone}`}>
      <p className="feedback-verdict">
        <strong>{verdict}</strong>
        {!pending && <> · {t('assessment.scoreOf', { count: result.max_score, score: format.number(result.score), max: format.number(result.max_score) })}</>}
      </p>
      {message && message.toLowerCase() !== verdict.toLowerCase() && <p>{message}</p>}
      {options && options.length > 0 && (
        <ul>
          {options.map((o) => (
            <li key={o.option_id}>
              <strong>{optionText.get(o.option_id) ?? o.option_id}:</strong> {o.text}
            </li>
          ))}
        </ul>
      )}
      {notes && notes.length > 0 && (
        <ul>
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {explanation && <p>{explanation}</p>}
      {result.solution && result.solution.lines.length > 0 && !result.correct && (
        <div>
          <p className="feedback-solution-title">{t('assessment.solution')}</p>
          <ul>
            {result.solution.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
