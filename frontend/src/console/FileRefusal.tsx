import { ApiError } from '../api/client';
import type { SubmissionProblem } from '../api/competitions';
import { ProblemLine } from '../competitions/ProblemLine';
import { ErrorNotice } from '../components/ErrorNotice';

/** Why an uploaded file (a solution, a baseline) was refused: title, then its problems line by line, or what the server said. */
export function FileRefusal({ error, title }: { error: unknown; title: string }) {
  if (!(error instanceof ApiError) || error.status !== 422) {
    return <ErrorNotice error={error} />;
  }
  const problems = Array.isArray(error.problem.problems) ? (error.problem.problems as SubmissionProblem[]) : [];
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{title}</strong> {problems.length === 0 && (error.detail || error.title)}
      </p>
      {problems.length > 0 && (
        <ul className="submission-problems">
          {problems.map((p, i) => (
            <li key={`${p.code}:${p.line ?? ''}:${i}`}>
              <ProblemLine problem={p} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
