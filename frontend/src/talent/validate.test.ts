import { describe, expect, it } from 'vitest';
import type { OpeningFields, ProfileFields } from '../api/talent';
import { messageProblem, profileProblems, publishProblems, yearly } from './validate';

function opening(fields: Partial<OpeningFields> = {}): OpeningFields {
  return {
    title: 'Data engineer',
    description: '',
    occupation: null,
    skills: [{ skill: 'py', label: 'Python', essential: true, min_level: 2 }],
    languages: [{ code: 'en', cefr: 'B2' }],
    country: 'DE',
    city: 'Berlin',
    remote_policy: 'hybrid',
    permit_support: true,
    pay: { min: 52000, max: 64000, currency: 'EUR', period: 'year' },
    start_date: '2027-03-01',
    ...fields,
  };
}

function profile(fields: Partial<ProfileFields> = {}): ProfileFields {
  return {
    headline: 'Data analyst',
    occupations: [],
    self_declared: [],
    languages: [],
    country: 'IN',
    places: [],
    remote: true,
    available_from: '',
    work_authorisation: { right_to_work: [], needs_permit: true },
    visible: { headline: true, languages: true, location: true, availability: true, self_declared: true },
    ...fields,
  };
}

describe('publishing an opening', () => {
  it('lets a complete opening through', () => {
    expect(publishProblems(opening())).toEqual({});
  });

  it('names every missing field at once', () => {
    expect(
      publishProblems(opening({ title: ' ', country: '', city: '', pay: { min: 0, max: 0, currency: 'EUR', period: 'year' }, skills: [] })),
    ).toEqual({
      title: 'talent.problems.required',
      country: 'talent.problems.required',
      city: 'talent.problems.cityUnlessRemote',
      'pay.min': 'talent.problems.payPositive',
      'pay.max': 'talent.problems.payPositive',
      skills: 'talent.problems.essentialSkill',
    });
  });

  it('needs no city for a remote opening, an essential skill among optional ones, and a range in order', () => {
    expect(publishProblems(opening({ remote_policy: 'remote', city: '' }))).toEqual({});
    expect(publishProblems(opening({ skills: [{ skill: 'py', label: 'Python', essential: false, min_level: 0 }] }))).toEqual({
      skills: 'talent.problems.essentialSkill',
    });
    expect(publishProblems(opening({ pay: { min: 70000, max: 60000, currency: 'EUR', period: 'year' } }))).toEqual({
      'pay.max': 'talent.problems.payOrder',
    });
  });

  it('refuses a language listed twice, at the second entry', () => {
    expect(publishProblems(opening({ languages: [{ code: 'de', cefr: 'B1' }, { code: 'de', cefr: 'C1' }] }))).toEqual({
      'languages[1].code': 'talent.problems.duplicateLanguage',
    });
  });
});

describe('a talent profile', () => {
  it('holds at most 50 skills, proven ones included', () => {
    const declared = Array.from({ length: 11 }, (_, i) => ({ skill: `s${i}`, label: `S${i}`, level: 1 }));
    expect(profileProblems(profile({ self_declared: declared }), 39)).toEqual({});
    expect(profileProblems(profile({ self_declared: declared }), 40)).toEqual({ self_declared: 'talent.problems.tooManySkills' });
  });

  it('refuses a long headline, a duplicate language and a date that is not one', () => {
    expect(
      profileProblems(
        profile({ headline: 'x'.repeat(201), languages: [{ code: 'en', cefr: 'C1' }, { code: 'en', cefr: 'B2' }], available_from: '2027-02-30x' }),
        0,
      ),
    ).toEqual({
      headline: 'talent.problems.headlineTooLong',
      'languages[1].code': 'talent.problems.duplicateLanguage',
      available_from: 'talent.problems.notADate',
    });
  });
});

describe('messages and pay', () => {
  it('wants a message of 1 to 2000 characters', () => {
    expect(messageProblem('  ')).toBe('talent.problems.messageRequired');
    expect(messageProblem('x'.repeat(2001))).toBe('talent.problems.messageTooLong');
    expect(messageProblem('Hello')).toBeUndefined();
  });

  it('compares yearly and monthly pay with a yearly threshold, never hourly pay', () => {
    expect(yearly(4000, 'month')).toBe(48000);
    expect(yearly(50000, 'year')).toBe(50000);
    expect(yearly(30, 'hour')).toBeUndefined();
  });
});
