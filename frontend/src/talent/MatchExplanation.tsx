import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Gap, Match } from '../api/talent';
import { toLanguage } from '../i18n';
import { useFormat } from '../i18n/format';
import { skillLabel, useSkills } from '../lib/skills';
import { coveredSkills, describeConstraint, describeFactor, describeScore, describeSkill } from './explain';

/**
 * A match explained in plain language: the score, each factor's points, the skills
 * that match with the credentials proving them, the missing ones (with the courses
 * that teach them, when known) and the conditions a person weighs beside the score.
 */
export function MatchExplanation({
  id,
  match,
  labels,
  gaps,
  headingLevel = 3,
}: {
  /** Makes the ids of the explanation's headings unique on the page. */
  id: string;
  match: Match;
  /** Skill labels the page already knows, by skill id; others are looked up. */
  labels: Record<string, string>;
  /** The learner's gaps, each with the catalogue's courses that teach it. */
  gaps?: Gap[];
  headingLevel?: 3 | 4;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const language = toLanguage(i18n.resolvedLanguage);
  const ids = [...match.skills.flatMap((s) => [s.skill, s.via ?? '']), ...match.missing_essential, ...match.missing_optional];
  const looked = useSkills(ids.filter((s) => s && !labels[s]));
  const labelOf = (skill: string) => {
    const found = looked.get(skill);
    return labels[skill] ?? (found ? skillLabel(found, language) : skill);
  };
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const covered = coveredSkills(match);
  const gapOf = new Map((gaps ?? []).map((g) => [g.skill, g]));
  const missing = [
    ...match.missing_essential.map((skill) => ({ skill, essential: true })),
    ...match.missing_optional.map((skill) => ({ skill, essential: false })),
  ];

  return (
    <div className="match-explanation">
      <p className="match-score">
        <strong>{describeScore(t, format.number, match)}</strong>
      </p>
      <Heading id={`${id}-factors`}>{t('talent.explain.factorsTitle')}</Heading>
      <ul aria-labelledby={`${id}-factors`}>
        {match.factors.map((f) => (
          <li key={f.factor}>{describeFactor(t, format.number, f)}</li>
        ))}
      </ul>

      <Heading id={`${id}-matched`}>{t('talent.explain.matchedTitle')}</Heading>
      {covered.length === 0 ? (
        <p>{t('talent.explain.noneMatched')}</p>
      ) : (
        <ul aria-labelledby={`${id}-matched`} className="match-skills">
          {covered.map((s) => (
            <li key={s.skill}>
              <span className={s.essential ? 'badge' : 'badge badge-note'}>{s.essential ? t('talent.essential') : t('talent.optional')}</span>{' '}
              {describeSkill(t, s, labelOf)}
              {(s.sources ?? []).length > 0 && (
                <ul className="row-actions">
                  {(s.sources ?? []).map((source, k) => (
                    <li key={source}>
                      <Link to={`/verify/${encodeURIComponent(source)}`}>
                        {t('talent.explain.checkCredential', { number: k + 1 })}
                        {' '}
                        <span className="visually-hidden">{t('talent.explain.forSkill', { skill: labelOf(s.via ?? s.skill) })}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}

      {missing.length > 0 && (
        <>
          <Heading id={`${id}-missing`}>{t('talent.explain.missingTitle')}</Heading>
          <ul aria-labelledby={`${id}-missing`} className="match-skills">
            {missing.map(({ skill, essential }) => {
              const courses = gapOf.get(skill)?.courses ?? [];
              return (
                <li key={skill}>
                  <span className={essential ? 'badge' : 'badge badge-note'}>{essential ? t('talent.essential') : t('talent.optional')}</span>{' '}
                  {gapOf.get(skill)?.label ?? labelOf(skill)}
                  {gaps &&
                    (courses.length === 0 ? (
                      <span className="field-hint"> {t('talent.explain.noCourse')}</span>
                    ) : (
                      <>
                        {' '}
                        {t('talent.explain.learnIt')}{' '}
                        {courses.map((c, k) => (
                          <span key={c.slug}>
                            {k > 0 && ', '}
                            <Link to={`/courses/${encodeURIComponent(c.slug)}`}>{c.title}</Link>
                          </span>
                        ))}
                      </>
                    ))}
                </li>
              );
            })}
          </ul>
        </>
      )}

      <Heading id={`${id}-constraints`}>{t('talent.explain.constraintsTitle')}</Heading>
      <p className="field-hint">{t('talent.explain.constraintsHint')}</p>
      <ul aria-labelledby={`${id}-constraints`} className="match-constraints">
        {match.constraints.map((c) => (
          <li key={c.constraint} className={c.met ? 'constraint-met' : 'constraint-unmet'}>
            <span className={c.met ? 'status status-valid' : 'status status-invalid'}>{c.met ? t('talent.met') : t('talent.unmet')}</span>{' '}
            {describeConstraint(t, c)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The notice every list of matches carries: the ranking advises, a person decides. */
export function AdvisoryBanner({ audience }: { audience: 'company' | 'learner' }) {
  const { t } = useTranslation();
  return (
    <p className="notice" role="note">
      {audience === 'company' ? t('talent.advisoryCompany') : t('talent.advisoryLearner')}{' '}
      <Link to="/talent/how-matching-works">{t('talent.howLink')}</Link>
    </p>
  );
}
