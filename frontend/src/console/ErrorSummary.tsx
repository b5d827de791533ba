import { useEffect, useRef, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldId, hasProblems, type Problems } from './problems';

/**
 * Lists every problem of a failed save or publish at the top of the form, each a
 * link to the field concerned (or the nearest one shown), and takes focus so the
 * list is read out.
 */
export function ErrorSummary({
  problems,
  describe,
  target = (path) => path,
}: {
  problems: Problems;
  /** Where the problem is, in words. */
  describe(path: string): string;
  /** The path of the field that answers a problem, when it is not the problem's own. */
  target?(path: string): string;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (hasProblems(problems)) {
      ref.current?.focus();
    }
  }, [problems]);

  if (!hasProblems(problems)) {
    return null;
  }

  const jump = (event: MouseEvent<HTMLAnchorElement>, path: string) => {
    // Paths name list entries the form may not show one by one: go to the closest field that is there.
    let at = target(path);
    for (;;) {
      const target = document.getElementById(fieldId(at));
      if (target) {
        event.preventDefault();
        target.focus();
        target.scrollIntoView({ block: 'center' });
        return;
      }
      const shorter = at.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
      if (shorter === at) {
        return;
      }
      at = shorter;
    }
  };

  return (
    <div ref={ref} className="notice notice-error error-summary" role="alert" tabIndex={-1}>
      <h2>{t('console.problemsTitle')}</h2>
      {problems.message && <p>{problems.message}</p>}
      <ul>
        {Object.entries(problems.fields).map(([path, messages]) => (
          <li key={path}>
            <a href={`#${fieldId(target(path))}`} onClick={(e) => jump(e, path)}>
              {describe(path)}: {messages.join(' ')}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Says that another page of the same entry has problems to fix, with a link there.
 * It takes focus when asked to (when no summary on this page does).
 */
export function ProblemsElsewhere({ message, to, linkLabel, focus }: { message: string; to: string; linkLabel: string; focus: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) {
      ref.current?.focus();
    }
  }, [focus, message]);
  return (
    <div ref={ref} className="notice notice-error" role="alert" tabIndex={-1}>
      <p>{message}</p>
      <Link to={to}>{linkLabel}</Link>
    </div>
  );
}
