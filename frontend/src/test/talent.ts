import type { Card, LearnerMatch, Match, Opening, OpeningSummary, Profile } from '../api/talent';

/** Lea's talent profile before she joins the pool. */
export function aProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    in_pool: false,
    consent: null,
    version: 0,
    headline: '',
    occupations: [],
    skills: [],
    self_declared: [],
    languages: [],
    country: '',
    places: [],
    remote: false,
    available_from: '',
    work_authorisation: { right_to_work: [], needs_permit: false },
    visible: { headline: true, languages: true, location: true, availability: true, self_declared: true },
    imports: [],
    ...overrides,
  };
}

/** Lea in the pool, with Python proven by a credential. */
export function aMember(overrides: Partial<Profile> = {}): Profile {
  return aProfile({
    in_pool: true,
    consent: { version: '2026-12', given_at: '2026-12-01T09:00:00Z' },
    version: 3,
    headline: 'Data analyst moving into ML',
    country: 'IN',
    work_authorisation: { right_to_work: [], needs_permit: true },
    skills: [
      {
        skill: 'sk-py',
        label: 'Python (computer programming)',
        level: 2,
        evidence: 'credential',
        sources: [{ credential_id: 'cr1', title: 'Python for data', verify_url: 'http://academy.test/verify/cr1' }],
      },
    ],
    ...overrides,
  });
}

/** An open opening of Nordwind Analytics in Berlin that supports a permit. */
export function anOpeningSummary(overrides: Partial<OpeningSummary> = {}): OpeningSummary {
  return {
    id: 'op1',
    title: 'Junior data engineer',
    company: { id: 'org9', name: 'Nordwind Analytics' },
    occupation: { id: 'occ-de', label: 'data engineer' },
    country: 'DE',
    city: 'Berlin',
    remote_policy: 'hybrid',
    permit_support: true,
    pay: { min: 52000, max: 60000, currency: 'EUR', period: 'year' },
    start_date: '2027-03-01',
    status: 'open',
    ...overrides,
  };
}

export function anOpening(overrides: Partial<Opening> = {}): Opening {
  return {
    ...anOpeningSummary(),
    description: 'Build pipelines.',
    skills: [
      { skill: 'sk-py', label: 'Python (computer programming)', essential: true, min_level: 2 },
      { skill: 'sk-sql', label: 'SQL', essential: true, min_level: 0 },
      { skill: 'sk-spark', label: 'Apache Spark', essential: false, min_level: 0 },
    ],
    languages: [{ code: 'en', cefr: 'B2' }],
    version: 4,
    bluecard: null,
    ...overrides,
  };
}

/** Python proven by credential cr1, SQL and Spark missing. */
export function aMatch(overrides: Partial<Match> = {}): Match {
  return {
    version: '1',
    score: 45,
    eligible: true,
    factors: [
      { factor: 'essential_skills', weight: 0.6, value: 0.5, points: 30 },
      { factor: 'optional_skills', weight: 0.25, value: 0, points: 0 },
      { factor: 'languages', weight: 0.15, value: 1, points: 15 },
    ],
    skills: [
      { skill: 'sk-py', essential: true, min_level: 2, credit: 1, via: 'sk-py', relation: 'same', evidence: 'credential', level_met: true, sources: ['cr1'] },
      { skill: 'sk-sql', essential: true, credit: 0, level_met: false },
      { skill: 'sk-spark', essential: false, credit: 0, level_met: false },
    ],
    missing_essential: ['sk-sql'],
    missing_optional: ['sk-spark'],
    constraints: [
      { constraint: 'location', met: false, reason: 'elsewhere' },
      { constraint: 'work_authorisation', met: true, reason: 'permit_supported' },
      { constraint: 'start_date', met: true, reason: 'available' },
    ],
    ...overrides,
  };
}

export function aLearnerMatch(): LearnerMatch {
  return {
    opening: anOpeningSummary(),
    match: aMatch(),
    gaps: [
      { skill: 'sk-sql', label: 'SQL', essential: true, courses: [{ slug: 'sql-basics', title: 'SQL basics' }] },
      { skill: 'sk-spark', label: 'Apache Spark', essential: false, courses: [] },
    ],
  };
}

/** A pseudonymous card, as Nordwind sees Lea before she accepts. */
export function aCard(overrides: Partial<Card> = {}): Card {
  return {
    pseudonym: 'C-7F3K2Q',
    headline: 'Data analyst moving into ML',
    occupations: [{ id: 'occ-de', label: 'data engineer' }],
    skills: [{ skill: 'sk-py', label: 'Python (computer programming)', evidence: 'credential', verify_urls: ['/verify/cr1'] }],
    country: 'IN',
    work_authorisation: { right_to_work: [], needs_permit: true },
    identity: null,
    ...overrides,
  };
}
