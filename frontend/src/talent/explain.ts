import type { TFunction } from 'i18next';
import type { Constraint, Factor, Match, SkillResult } from '../api/talent';

// The plain-language wording of a match's explanation, shared by the learner's and the
// company's pages so that both read the same sentences about the same numbers.

/** Formats a number the way the page's language writes it. */
type NumberFormat = (value: number, options?: Intl.NumberFormatOptions) => string;

/** "Essential skills: 42 of 60 points (70 % covered)". */
export function describeFactor(t: TFunction, number: NumberFormat, f: Factor): string {
  return t('talent.explain.factor', {
    name: t(`talent.factors.${f.factor}`, { defaultValue: f.factor }),
    points: number(f.points, { maximumFractionDigits: 1 }),
    max: number(Math.round(f.weight * 1000) / 10, { maximumFractionDigits: 1 }),
    share: number(f.value, { style: 'percent', maximumFractionDigits: 0 }),
  });
}

/** "Score: 72.5 out of 100". */
export function describeScore(t: TFunction, number: NumberFormat, m: Match): string {
  return t('talent.explain.score', { score: number(m.score, { maximumFractionDigits: 1 }) });
}

/**
 * How a required skill is covered: by which of the candidate's skills, on what
 * evidence, and whether the level asked for is met; or that nothing covers it.
 */
export function describeSkill(t: TFunction, s: SkillResult, labelOf: (id: string) => string): string {
  if (s.credit === 0 || !s.evidence) {
    return t('talent.explain.notCovered', { skill: labelOf(s.skill) });
  }
  const evidence = t(`talent.evidenceProof.${s.evidence}`, { defaultValue: s.evidence });
  const how =
    !s.via || s.via === s.skill || s.relation === 'same'
      ? t('talent.explain.covered', { skill: labelOf(s.skill), evidence })
      : t(`talent.explain.coveredVia.${s.relation ?? 'narrower'}`, { skill: labelOf(s.skill), via: labelOf(s.via), evidence });
  return s.level_met ? how : `${how} ${t('talent.explain.levelShort', { level: t(`talent.levels.${s.min_level ?? 0}`) })}`;
}

/** A constraint, met or not, as a sentence: "Location: lives in the opening's country." */
export function describeConstraint(t: TFunction, c: Constraint): string {
  return t('talent.explain.constraint', {
    name: t(`talent.constraints.${c.constraint}`, { defaultValue: c.constraint }),
    reason: t(`talent.reasons.${c.reason}`, { defaultValue: c.reason }),
  });
}

/** The required skills covered, best covered first; the rest are the gaps. */
export function coveredSkills(m: Match): SkillResult[] {
  return m.skills.filter((s) => s.credit > 0).sort((a, b) => Number(b.essential) - Number(a.essential) || b.credit - a.credit);
}

/** How many constraints are unmet: a person weighs them, the score leaves them out. */
export function unmetConstraints(m: Match): number {
  return m.constraints.filter((c) => !c.met).length;
}
