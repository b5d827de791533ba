import { describe, expect, it } from 'vitest';
import type { Match, SkillResult } from '../api/talent';
import i18n from '../i18n';
import { formatters } from '../i18n/format';
import { coveredSkills, describeConstraint, describeFactor, describeScore, describeSkill, unmetConstraints } from './explain';

const t = i18n.getFixedT('en');
const number = formatters('en').number;
const labels: Record<string, string> = { py: 'Python', ml: 'machine learning', dl: 'deep learning', sql: 'SQL' };
const labelOf = (id: string) => labels[id] ?? id;

function skill(fields: Partial<SkillResult>): SkillResult {
  return { skill: 'py', essential: true, credit: 1, via: 'py', relation: 'same', evidence: 'credential', level_met: true, ...fields };
}

describe('the wording of a match', () => {
  it('gives each factor its points out of its weight and the share covered', () => {
    expect(describeFactor(t, number, { factor: 'essential_skills', weight: 0.6, value: 0.75, points: 45 })).toBe(
      'Essential skills: 45 of 60 points (75% covered)',
    );
    expect(describeFactor(t, number, { factor: 'languages', weight: 0.15, value: 0.5, points: 7.5 })).toBe('Languages: 7.5 of 15 points (50% covered)');
    expect(describeScore(t, number, { score: 72.5 } as Match)).toBe('Score: 72.5 out of 100');
  });

  it('says what proves a skill, through which related skill, and when the level falls short', () => {
    expect(describeSkill(t, skill({}), labelOf)).toBe('Python, proven by a credential issued here.');
    expect(describeSkill(t, skill({ skill: 'ml', via: 'dl', relation: 'narrower', evidence: 'competition', credit: 0.6 }), labelOf)).toBe(
      'machine learning, partly covered by the more specific skill deep learning, proven by a competition result.',
    );
    expect(describeSkill(t, skill({ evidence: 'self_declared', level_met: false, min_level: 3, credit: 0.2 }), labelOf)).toBe(
      "Python, proven by the candidate's own word (self-declared). Held below the level asked for (Advanced), so it counts half.",
    );
    expect(describeSkill(t, skill({ skill: 'sql', credit: 0, via: undefined, evidence: undefined }), labelOf)).toBe('SQL is not covered.');
  });

  it('words each constraint, met or not, as a reason a person can weigh', () => {
    expect(describeConstraint(t, { constraint: 'work_authorisation', met: true, reason: 'permit_supported' })).toBe(
      'Right to work: needs a work permit, and the company supports the application.',
    );
    expect(describeConstraint(t, { constraint: 'location', met: false, reason: 'elsewhere' })).toBe(
      "Place of work: lives elsewhere and has not listed the opening's country.",
    );
  });

  it('lists covered skills essential first, best covered first, and counts unmet constraints', () => {
    const m = {
      skills: [
        skill({ skill: 'a', essential: false, credit: 1 }),
        skill({ skill: 'b', essential: true, credit: 0.5 }),
        skill({ skill: 'c', essential: true, credit: 0 }),
        skill({ skill: 'd', essential: true, credit: 1 }),
      ],
      constraints: [
        { constraint: 'location', met: false, reason: 'elsewhere' },
        { constraint: 'start_date', met: true, reason: 'available' },
      ],
    } as Match;
    expect(coveredSkills(m).map((s) => s.skill)).toEqual(['d', 'b', 'a']);
    expect(unmetConstraints(m)).toBe(1);
  });
});
