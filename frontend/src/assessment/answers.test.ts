import { describe, expect, it } from 'vitest';
import type { AnswerBody, PublicQuestion, QuestionType } from '../api/types';
import { clock, clozeParts, isAnswered, move, secondsLeft, wordCount } from './answers';

const q = (type: QuestionType): PublicQuestion => ({ id: 'q', type, prompt: 'p', points: 1 });

describe('isAnswered', () => {
  const cases: { name: string; type: QuestionType; answer: AnswerBody | null; want: boolean }[] = [
    { name: 'nothing saved', type: 'single_choice', answer: null, want: false },
    { name: 'a choice', type: 'single_choice', answer: { choice: 'a' }, want: true },
    { name: 'no choices ticked', type: 'multiple_response', answer: { choices: [] }, want: false },
    { name: 'false is an answer', type: 'true_false', answer: { value: false }, want: true },
    { name: 'a unit without a number', type: 'numeric', answer: { number: ' ', unit: 'kg' }, want: false },
    { name: 'a number', type: 'numeric', answer: { number: '4,5' }, want: true },
    { name: 'blank essay', type: 'essay', answer: { text: '  ' }, want: false },
    { name: 'one pair matched', type: 'matching', answer: { matches: { p1: '', p2: 'r1' } }, want: true },
    { name: 'no pair matched', type: 'matching', answer: { matches: { p1: '' } }, want: false },
    { name: 'an order', type: 'ordering', answer: { order: ['o2', 'o1'] }, want: true },
    { name: 'one gap filled', type: 'cloze', answer: { gaps: { g1: '', g2: 'bias' } }, want: true },
  ];
  it.each(cases)('$name', ({ type, answer, want }) => {
    expect(isAnswered(q(type), answer)).toBe(want);
  });
});

describe('clozeParts', () => {
  it('splits text at gap markers, keeping the words around them', () => {
    expect(clozeParts('The {{g1}} set. High {{ g2 }}.')).toEqual([
      { kind: 'text', text: 'The ' },
      { kind: 'gap', id: 'g1' },
      { kind: 'text', text: ' set. High ' },
      { kind: 'gap', id: 'g2' },
      { kind: 'text', text: '.' },
    ]);
  });
  it('handles a gap at the very start and no text after the last', () => {
    expect(clozeParts('{{a}} and {{b}}')).toEqual([{ kind: 'gap', id: 'a' }, { kind: 'text', text: ' and ' }, { kind: 'gap', id: 'b' }]);
  });
});

describe('helpers', () => {
  it('counts words, not punctuation', () => {
    expect(wordCount('  Data – is   the new oil!  ')).toBe(5);
    expect(wordCount('')).toBe(0);
  });
  it('moves an item up or down and ignores moves off the ends', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });
  it('counts down to zero and writes the clock', () => {
    const deadline = '2026-01-01T10:15:00Z';
    expect(secondsLeft(deadline, Date.parse('2026-01-01T10:00:00.500Z'))).toBe(900);
    expect(secondsLeft(deadline, Date.parse('2026-01-01T11:00:00Z'))).toBe(0);
    expect(clock(900)).toBe('15:00');
    expect(clock(65)).toBe('1:05');
    expect(clock(3725)).toBe('1:02:05');
  });
});
