import { useTranslation } from 'react-i18next';
import type { SubmissionProblem } from '../api/competitions';
import { useFormat } from '../i18n/format';

/** One problem with the file: where it is, how often, the first examples, and what is wrong. */
export function ProblemLine({ problem: p }: { problem: SubmissionProblem }) {
  const { t } = useTranslation();
  const format = useFormat();
  const where: string[] = [];
  if (p.line !== undefined) {
    where.push(t('competition.problemLine', { line: format.number(p.line) }));
  }
  if (p.column) {
    where.push(t('competition.problemColumn', { column: p.column }));
  }
  return (
    <>
      {where.length > 0 && <strong>{where.join(', ')}: </strong>}
      {p.message}
      {p.count !== undefined && p.count > 1 && <> {t('competition.problemCount', { count: p.count })}</>}
      {p.examples && p.examples.length > 0 && (
        <>
          {' '}
          {t('competition.problemExamples', { examples: p.examples.join(', ') })}
        </>
      )}
    </>
  );
}
