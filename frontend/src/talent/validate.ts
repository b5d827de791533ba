import type { OpeningFields, ProfileFields } from '../api/talent';

// Checks the forms make before sending, so a person hears at once what the API would
// refuse; the API checks again and its answer is shown the same way, at the field.

/** The most skills a profile holds, as the API counts them. */
export const MAX_SKILLS = 50;

/** The longest message a contest or a contact request may carry. */
export const MAX_MESSAGE = 2000;

/** A field path (as the API names it) → the translation key of what is wrong there. */
export type FieldProblems = Record<string, string>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isDay(value: string): boolean {
  return DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

function duplicateLanguages(languages: { code: string }[], found: FieldProblems, field: string) {
  const seen = new Set<string>();
  languages.forEach((l, i) => {
    if (seen.has(l.code)) {
      found[`${field}[${i}].code`] = 'talent.problems.duplicateLanguage';
    }
    seen.add(l.code);
  });
}

/** What is wrong with a profile before it is saved. */
export function profileProblems(p: ProfileFields, verifiedSkills: number): FieldProblems {
  const found: FieldProblems = {};
  if (p.headline.length > 200) {
    found.headline = 'talent.problems.headlineTooLong';
  }
  if (verifiedSkills + p.self_declared.length > MAX_SKILLS) {
    found.self_declared = 'talent.problems.tooManySkills';
  }
  duplicateLanguages(p.languages, found, 'languages');
  if (p.available_from && !isDay(p.available_from)) {
    found.available_from = 'talent.problems.notADate';
  }
  if (p.work_authorisation.needs_permit && p.work_authorisation.right_to_work.length > 0 && !p.country) {
    found.country = 'talent.problems.countryForPermit';
  }
  return found;
}

/**
 * What keeps an opening from being published, every field at once: the title, the
 * country, the city unless it is remote, a pay range (the Pay Transparency Directive)
 * and at least one essential skill.
 */
export function publishProblems(o: OpeningFields): FieldProblems {
  const found: FieldProblems = {};
  if (!o.title.trim()) {
    found.title = 'talent.problems.required';
  }
  if (!o.country) {
    found.country = 'talent.problems.required';
  }
  if (o.remote_policy !== 'remote' && !o.city.trim()) {
    found.city = 'talent.problems.cityUnlessRemote';
  }
  if (!(o.pay.min > 0)) {
    found['pay.min'] = 'talent.problems.payPositive';
  }
  if (!(o.pay.max > 0)) {
    found['pay.max'] = 'talent.problems.payPositive';
  } else if (o.pay.min > o.pay.max) {
    found['pay.max'] = 'talent.problems.payOrder';
  }
  if (!o.skills.some((s) => s.essential)) {
    found.skills = 'talent.problems.essentialSkill';
  }
  duplicateLanguages(o.languages, found, 'languages');
  if (o.start_date && !isDay(o.start_date)) {
    found.start_date = 'talent.problems.notADate';
  }
  return found;
}

/** What is wrong with a message to a company or a candidate, or undefined. */
export function messageProblem(message: string): string | undefined {
  if (!message.trim()) {
    return 'talent.problems.messageRequired';
  }
  return message.length > MAX_MESSAGE ? 'talent.problems.messageTooLong' : undefined;
}

/** A yearly figure of a pay range, for comparing it with a yearly threshold; undefined for hourly pay. */
export function yearly(amount: number, period: 'year' | 'month' | 'hour'): number | undefined {
  switch (period) {
    case 'year':
      return amount;
    case 'month':
      return amount * 12;
    default:
      return undefined;
  }
}
