/** The official languages of the EU, with Icelandic and Norwegian: the languages courses and programmes are taught in. */
export const TEACHING_LANGUAGES = [
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fi',
  'fr',
  'ga',
  'hr',
  'hu',
  'is',
  'it',
  'lt',
  'lv',
  'mt',
  'nl',
  'no',
  'pl',
  'pt',
  'ro',
  'sk',
  'sl',
  'sv',
];

/** The EU and EEA countries, with Switzerland and the United Kingdom. */
export const COUNTRIES = [
  'AT',
  'BE',
  'BG',
  'CH',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GB',
  'GR',
  'HR',
  'HU',
  'IE',
  'IS',
  'IT',
  'LI',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'NO',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
];

/** The currencies the catalogue accepts for tuition fees. */
export const CURRENCIES = ['EUR', 'BGN', 'CHF', 'CZK', 'DKK', 'GBP', 'HUF', 'ISK', 'NOK', 'PLN', 'RON', 'SEK', 'USD'];

export const LEVELS = ['beginner', 'intermediate', 'advanced'];
export const PROFICIENCIES = ['basic', 'intermediate', 'advanced'];
export const PARTICIPATION = ['online', 'on-campus', 'blended'];
export const CYCLES = ['short', 'bachelor', 'master', 'phd'];
export const STUDY_MODES = ['full-time', 'part-time'];
export const DELIVERIES = ['online', 'on-campus', 'blended'];
export const FEE_GROUPS = ['eu', 'non_eu'];
export const PERIODS = ['year', 'semester', 'total'];
export const FEEDBACK_POLICIES = ['immediate', 'on_submit', 'after_close'];
export const EQF_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8];

/** Options with labels, sorted by label in the reader's language, keeping a current value the list lacks. */
export function labelled(values: readonly string[], label: (value: string) => string, current?: string, language?: string) {
  const all = current && !values.includes(current) ? [...values, current] : [...values];
  return all.map((value) => ({ value, label: label(value) })).sort((a, b) => a.label.localeCompare(b.label, language));
}

/** A slug made from a title: lower-case ASCII words joined by hyphens, as the API wants. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** The first id of the form prefix + n (n from 1) that none of taken uses. */
export function freeID(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${prefix}${n}`)) {
    n++;
  }
  return `${prefix}${n}`;
}
