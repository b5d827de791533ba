import { describe, expect, it } from 'vitest';
import { credentialFacts } from './credentials';

describe('credentialFacts', () => {
  it.each([
    { name: 'a subject name', subject: { name: 'Ada Lovelace' }, learner: 'Ada Lovelace' },
    {
      name: 'an unhashed name identifier',
      subject: { identifier: [{ hashed: false, identityType: 'name', identityHash: 'Ada Lovelace' }] },
      learner: 'Ada Lovelace',
    },
    {
      name: 'a hashed email only',
      subject: { identifier: [{ hashed: true, identityType: 'emailAddress', identityHash: 'sha256$00' }] },
      learner: undefined,
    },
    {
      name: 'a hashed name',
      subject: { identifier: [{ hashed: true, identityType: 'name', identityHash: 'sha256$00' }] },
      learner: undefined,
    },
  ])('reads the learner from $name', ({ subject, learner }) => {
    expect(credentialFacts({ credentialSubject: subject }).learner).toBe(learner);
  });

  it('reads the micro-credential elements and the graded result', () => {
    const facts = credentialFacts({
      validFrom: '2026-03-09T10:00:00Z',
      validUntil: '2029-03-09T10:00:00Z',
      credentialSubject: {
        result: [{ resultDescription: 'urn:r', value: '91' }],
        achievement: {
          name: 'Data Literacy',
          achievementType: 'MicroCredential',
          workloadHours: 8,
          creditsAvailable: 0.3,
          eqfLevel: 4,
          learningOutcomes: ['Read a chart', 42],
          resultDescription: [{ id: 'urn:r', resultType: 'Percent' }],
        },
      },
    });
    expect(facts).toMatchObject({
      achievement: 'Data Literacy',
      microCredential: true,
      awarded: '2026-03-09T10:00:00Z',
      validUntil: '2029-03-09T10:00:00Z',
      workloadHours: 8,
      ects: 0.3,
      eqfLevel: 4,
      grade: { value: '91', percent: true },
      learningOutcomes: ['Read a chart'],
    });
  });

  it("reads a competition placement's place among the teams and its score, which are no grade", () => {
    const facts = credentialFacts({
      credentialSubject: {
        result: [
          { type: ['Result'], resultDescription: 'https://academy.test/competitions/penguins/awards/winner#place', value: '1' },
          { type: ['Result'], resultDescription: 'https://academy.test/competitions/penguins/awards/winner#score', value: '0.916667' },
        ],
        achievement: {
          name: 'Penguin species: Winner',
          achievementType: 'Award',
          resultDescription: [
            { id: 'https://academy.test/competitions/penguins/awards/winner#place', name: 'Place among 12', resultType: 'ext:Place', valueMin: '1', valueMax: '12' },
            { id: 'https://academy.test/competitions/penguins/awards/winner#score', name: 'Score (accuracy, higher is better)', resultType: 'RawScore' },
          ],
        },
      },
    });
    expect(facts).toMatchObject({ achievement: 'Penguin species: Winner', place: { value: 1, of: 12 }, score: '0.916667' });
    expect(facts.grade).toBeUndefined();
  });

  it('reads a place without the number of entrants when the credential does not state it', () => {
    const facts = credentialFacts({
      credentialSubject: {
        result: [{ resultDescription: 'urn:place', value: '3' }],
        achievement: { resultDescription: [{ id: 'urn:place', resultType: 'ext:Place', valueMin: '1' }] },
      },
    });
    expect(facts.place).toEqual({ value: 3, of: undefined });
  });

  it('leaves out what a credential does not carry or carries malformed', () => {
    const facts = credentialFacts({
      credentialSubject: { achievement: { name: '  ', workloadHours: 'lots', eqfLevel: 0 } },
      issuer: 'urn:x',
    });
    expect(facts).toEqual({
      achievement: undefined,
      description: undefined,
      language: undefined,
      issuer: undefined,
      issuerURL: undefined,
      issuerCountry: undefined,
      learner: undefined,
      awarded: undefined,
      validUntil: undefined,
      workloadHours: undefined,
      ects: undefined,
      eqfLevel: undefined,
      grade: undefined,
      place: undefined,
      score: undefined,
      microCredential: false,
      learningOutcomes: [],
      assessmentType: undefined,
      participation: undefined,
      qualityAssurance: undefined,
      skills: [],
    });
  });

  it('reads the EU elements in European Learning Model terms', () => {
    const facts = credentialFacts({
      credentialSubject: {
        achievement: {
          inLanguage: 'fr',
          alignment: [
            { targetName: 'apprentissage automatique', targetUrl: 'http://data.europa.eu/esco/skill/abc', targetFramework: 'ESCO' },
            { targetName: 'EQF level 5', targetUrl: 'http://data.europa.eu/snb/eqf/5' },
            { targetUrl: 'https://example.org/unnamed' },
          ],
          learningOutcome: [{ title: { en: 'Train a model', fr: 'Entraîner un modèle' } }, { title: {} }],
          volumeOfLearning: 'P1DT6.5H',
          creditPoint: { point: '1.5' },
          mode: 'http://data.europa.eu/snb/learning-assessment/e92d221e4d',
          provenBy: { title: { fr: 'Quiz en ligne' } },
          accreditation: { title: { fr: 'Relecture interne' } },
        },
      },
    });
    expect(facts).toMatchObject({
      eqfLevel: 5,
      workloadHours: 30.5,
      ects: 1.5,
      participation: 'blended',
      learningOutcomes: ['Entraîner un modèle'],
      assessmentType: 'Quiz en ligne',
      qualityAssurance: 'Relecture interne',
      skills: [{ label: 'apprentissage automatique', url: 'http://data.europa.eu/esco/skill/abc', esco: true }],
    });
  });

  it('keeps a mode of learning it does not know out of the participation codes', () => {
    const facts = credentialFacts({ credentialSubject: { achievement: { mode: 'http://data.europa.eu/snb/learning-assessment/729f3bed4b' } } });
    expect(facts.participation).toBeUndefined();
  });
});
