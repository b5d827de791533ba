import { describe, expect, it } from 'vitest';
import { parseNumber } from './fields';
import { freeID, slugify } from './options';
import { detailField, fieldId, messagesAt } from './problems';
import { credentialIDFrom } from './RevokePage';
import { moveTo, newOptionID, pathSteps } from './tree';

describe('console helpers', () => {
  it.each([
    { name: 'accents and capitals', title: 'Données et IA', slug: 'donnees-et-ia' },
    { name: 'German sharp s and punctuation', title: 'Große Sprachmodelle: Grundlagen!', slug: 'grosse-sprachmodelle-grundlagen' },
    { name: 'nothing usable', title: '¿?', slug: '' },
  ])('makes a slug from $name', ({ title, slug }) => {
    expect(slugify(title)).toBe(slug);
  });

  it.each([
    { text: '', value: undefined },
    { text: '2,5', value: 2.5 },
    { text: ' 1 000 ', value: 1000 },
    { text: '-.5', value: -0.5 },
    { text: '0,', value: 0 },
    { text: '1e3', value: 1000 },
    { text: 'twelve', value: Number.NaN },
    { text: '1,2,3', value: Number.NaN },
  ])('reads "$text" as $value', ({ text, value }) => {
    expect(parseNumber(text)).toBe(value);
  });

  it('finds the messages of a field and, for line lists, of its entries', () => {
    const problems = { fields: { answers: ['A'], 'answers[1]': ['B'], 'answers-extra': ['C'], title: ['T'] } };
    expect(messagesAt(problems, 'answers')).toBe('A');
    expect(messagesAt(problems, 'answers', { lines: true })).toBe('A B');
    expect(messagesAt(problems, 'summary')).toBeUndefined();
  });

  it('names controls and fields after API paths', () => {
    expect(fieldId('modules[0].items[12].assessment.questions[3].options')).toBe('f-modules-0-items-12-assessment-questions-3-options');
    expect(detailField('skills[2].proficiency')).toBe('skills');
    expect(detailField('workload')).toBe('workload_hours');
    expect(pathSteps('modules[1].items[0].assessment.title')).toEqual([
      { name: 'modules', index: 1 },
      { name: 'items', index: 0 },
      { name: 'assessment' },
      { name: 'title' },
    ]);
  });

  it('moves entries within bounds and picks free ids', () => {
    expect(moveTo(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveTo(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(freeID('module-', ['module-1', 'module-3'])).toBe('module-2');
    expect(newOptionID(['a', 'b', 'd'])).toBe('c');
  });

  it.each([
    { given: '01M8B835TBK8F9V1083S51PTJE', id: '01M8B835TBK8F9V1083S51PTJE' },
    { given: ' https://academy.example.org/verify/01ABC?utm=x ', id: '01ABC' },
    { given: 'https://academy.example.org/credentials/01ABC', id: '01ABC' },
    { given: 'https://academy.example.org/api/v1/credentials/01ABC/certificate.pdf', id: '01ABC' },
  ])('finds the credential id in $given', ({ given, id }) => {
    expect(credentialIDFrom(given)).toBe(id);
  });
});
