import { describe, expect, it } from 'vitest';
import type { AuthoredAssessment, AuthoredQuestion } from '../api/console';
import {
  apiAssessment,
  apiQuestion,
  checkAssessment,
  checkTree,
  insertGap,
  newQuestion,
  publicQuestion,
  QUESTION_TYPES,
  removeGap,
  removeGroup,
  setGroup,
  withTextGaps,
} from './questions';

const quiz = (questions: AuthoredQuestion[], fields: Partial<AuthoredAssessment> = {}): AuthoredAssessment => ({
  title: 'Quiz',
  kind: 'assessment',
  pass_mark: 70,
  feedback: 'on_submit',
  questions,
  ...fields,
});

/** The fields the editor's checks find in one question, with their message keys. */
const problemsOf = (q: AuthoredQuestion) => checkAssessment('a', quiz([q])).map((c) => `${c.field}: ${c.key}`);

describe('question serialisation', () => {
  it.each([
    {
      name: 'single choice keeps option feedback and drops an empty one',
      question: {
        id: 'q1',
        type: 'single_choice',
        prompt: 'Pick',
        points: 2,
        explanation: '',
        options: [
          { id: 'a', text: 'Yes', correct: true, feedback: 'Right' },
          { id: 'b', text: 'No', feedback: '' },
        ],
      },
      api: {
        id: 'q1',
        type: 'single_choice',
        prompt: 'Pick',
        points: 2,
        options: [
          { id: 'a', text: 'Yes', correct: true, feedback: 'Right' },
          { id: 'b', text: 'No', correct: false },
        ],
      },
    },
    {
      name: 'multiple response keeps its penalty, a zero one included',
      question: { id: 'q2', type: 'multiple_response', prompt: 'Pick', points: 1, penalty: 0, options: [{ id: 'a', text: 'A', correct: true }] },
      api: { id: 'q2', type: 'multiple_response', prompt: 'Pick', points: 1, penalty: 0, options: [{ id: 'a', text: 'A', correct: true }] },
    },
    {
      name: 'true or false keeps a false answer',
      question: { id: 'q3', type: 'true_false', prompt: 'Sure?', points: 1, correct: false },
      api: { id: 'q3', type: 'true_false', prompt: 'Sure?', points: 1, correct: false },
    },
    {
      name: 'numeric keeps a zero answer and its units, not an unset requirement',
      question: {
        id: 'q4',
        type: 'numeric',
        prompt: 'How far?',
        points: 1,
        answer: 0,
        tolerance_mode: 'absolute',
        units: [{ unit: 'km', multiplier: 1000 }],
        unit_required: false,
      },
      api: { id: 'q4', type: 'numeric', prompt: 'How far?', points: 1, answer: 0, tolerance_mode: 'absolute', units: [{ unit: 'km', multiplier: 1000 }] },
    },
    {
      name: 'short answer',
      question: { id: 'q5', type: 'short_answer', prompt: 'Name it', points: 1, answers: ['LLM'], case_sensitive: true },
      api: { id: 'q5', type: 'short_answer', prompt: 'Name it', points: 1, answers: ['LLM'], case_sensitive: true },
    },
    {
      name: 'matching with distractors',
      question: {
        id: 'q6',
        type: 'matching',
        prompt: 'Match',
        points: 2,
        pairs: [
          { id: 'p1', left: 'GPU', right: 'Hardware' },
          { id: 'p2', left: 'Python', right: 'Language' },
        ],
        distractors: ['Protocol'],
      },
      api: {
        id: 'q6',
        type: 'matching',
        prompt: 'Match',
        points: 2,
        pairs: [
          { id: 'p1', left: 'GPU', right: 'Hardware' },
          { id: 'p2', left: 'Python', right: 'Language' },
        ],
        distractors: ['Protocol'],
      },
    },
    {
      name: 'ordering without partial credit',
      question: { id: 'q7', type: 'ordering', prompt: 'Order', points: 1, partial: false, items: [{ id: 'i1', text: 'Collect' }] },
      api: { id: 'q7', type: 'ordering', prompt: 'Order', points: 1, items: [{ id: 'i1', text: 'Collect' }] },
    },
    {
      name: 'cloze with a typed gap and a choice gap, each in its own shape',
      question: {
        id: 'q8',
        type: 'cloze',
        prompt: 'Fill',
        points: 2,
        text: '{{g1}} learning uses {{g2}} data.',
        gaps: [
          { id: 'g1', answers: ['Supervised'] },
          { id: 'g2', options: ['labelled', 'raw'], answer: 'labelled' },
        ],
      },
      api: {
        id: 'q8',
        type: 'cloze',
        prompt: 'Fill',
        points: 2,
        text: '{{g1}} learning uses {{g2}} data.',
        gaps: [
          { id: 'g1', answers: ['Supervised'] },
          { id: 'g2', options: ['labelled', 'raw'], answer: 'labelled' },
        ],
      },
    },
    {
      name: 'essay with a rubric: points left out, levels kept, empty levels dropped',
      question: {
        id: 'q9',
        type: 'essay',
        prompt: 'Discuss',
        points: 1,
        min_words: 50,
        rubric: [
          { criterion: 'Names the risk', points: 2, levels: [{ points: 2, description: 'Named and explained' }] },
          { criterion: 'Gives an example', points: 3, levels: [] },
        ],
      },
      api: {
        id: 'q9',
        type: 'essay',
        prompt: 'Discuss',
        min_words: 50,
        rubric: [
          { criterion: 'Names the risk', points: 2, levels: [{ points: 2, description: 'Named and explained' }] },
          { criterion: 'Gives an example', points: 3 },
        ],
      },
    },
    {
      name: 'essay without a rubric keeps its points',
      question: { id: 'q10', type: 'essay', prompt: 'Discuss', points: 4, rubric: [] },
      api: { id: 'q10', type: 'essay', prompt: 'Discuss', points: 4 },
    },
  ] as { name: string; question: AuthoredQuestion; api: AuthoredQuestion }[])('$name', ({ question, api }) => {
    expect(JSON.parse(JSON.stringify(apiQuestion(question)))).toEqual(api);
  });

  it('leaves out the fields of another type, which the API refuses', () => {
    const q = { ...newQuestion('matching', []), answers: ['x'], options: [{ id: 'a', text: 'A' }], correct: true };
    expect(Object.keys(apiQuestion(q)).sort()).toEqual(['id', 'pairs', 'points', 'prompt', 'type']);
  });

  it('keeps groups with their stems and the question’s group', () => {
    const a = apiAssessment(
      quiz([{ ...newQuestion('numeric', []), group: 'group-1', answer: 3 }], { groups: [{ id: 'group-1', stem: '| a | b |' }, { id: 'g2', stem: '' }] }),
    );
    expect(a.groups).toEqual([{ id: 'group-1', stem: '| a | b |' }, { id: 'g2' }]);
    expect(a.questions[0]?.group).toBe('group-1');
    expect(apiAssessment(quiz([], { groups: [] }))).not.toHaveProperty('groups');
  });
});

describe('question checks', () => {
  it('finds nothing to fix in a new question of each type once its texts are written', () => {
    const filled: Record<string, Partial<AuthoredQuestion>> = {
      single_choice: { options: [{ id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B' }] },
      multiple_response: { options: [{ id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B' }] },
      numeric: { answer: 4 },
      short_answer: { answers: ['four'] },
      matching: { pairs: [{ id: 'p1', left: 'a', right: 'A' }, { id: 'p2', left: 'b', right: 'B' }] },
      ordering: { items: [{ id: 'i1', text: 'one' }, { id: 'i2', text: 'two' }] },
      cloze: { text: 'Two plus two is {{g1}}.', gaps: [{ id: 'g1', answers: ['four'] }] },
      essay: { rubric: [{ criterion: 'Clear', points: 2 }] },
    };
    for (const type of QUESTION_TYPES) {
      const q = { ...newQuestion(type, []), prompt: 'What?', ...filled[type] };
      expect(problemsOf(q), type).toEqual([]);
    }
  });

  it.each([
    { type: 'single_choice', change: { options: [{ id: 'a', text: 'A' }, { id: 'b', text: '' }] }, found: ['a.questions[0].options[1].text: required', 'a.questions[0].options: oneCorrect'] },
    { type: 'multiple_response', change: { options: [{ id: 'a', text: 'A' }], penalty: 2 }, found: ['a.questions[0].options: twoOptions', 'a.questions[0].options: someCorrect', 'a.questions[0].penalty: penaltyRange'] },
    { type: 'true_false', change: { correct: undefined }, found: ['a.questions[0].correct: required'] },
    {
      type: 'numeric',
      change: { units: [{ unit: 'm', multiplier: 1 }, { unit: 'm', multiplier: 0 }] },
      found: ['a.questions[0].answer: required', 'a.questions[0].units[1].multiplier: positive', 'a.questions[0].units[1].unit: duplicate'],
    },
    { type: 'numeric', change: { answer: 1, unit_required: true }, found: ['a.questions[0].unit_required: unitsNeeded'] },
    { type: 'short_answer', change: { answers: [] }, found: ['a.questions[0].answers: answerOrPattern'] },
    {
      type: 'matching',
      change: { pairs: [{ id: 'p1', left: 'a', right: 'Same' }, { id: 'p2', left: '', right: 'Same' }], distractors: ['Same'] },
      found: ['a.questions[0].pairs[1].left: required', 'a.questions[0].pairs[1].right: duplicate', 'a.questions[0].distractors: duplicate'],
    },
    { type: 'ordering', change: { items: [{ id: 'i1', text: 'x' }] }, found: ['a.questions[0].items: twoItems'] },
    {
      type: 'cloze',
      change: { text: 'A {{g1}} and {{g1}} and {{Bad}}.', gaps: [{ id: 'g1', answers: [] }, { id: 'g2', options: ['x'], answer: 'y' }] },
      found: [
        'a.questions[0].text: gapRepeated',
        'a.questions[0].text: gapUndefined',
        'a.questions[0].gaps[0].answers: gapAnswers',
        'a.questions[0].gaps[1]: gapNotInText',
        'a.questions[0].gaps[1].options: twoOptions',
        'a.questions[0].gaps[1].answer: gapAnswer',
      ],
    },
    {
      type: 'essay',
      change: {
        min_words: 100,
        max_words: 50,
        rubric: [{ criterion: '', points: 2, levels: [{ points: 3, description: '' }, { points: 1, description: 'Some' }, { points: 1, description: 'Same' }] }],
      },
      found: [
        'a.questions[0].rubric[0].criterion: required',
        'a.questions[0].rubric[0].levels[0].description: required',
        'a.questions[0].rubric[0].levels[0].points: levelRange',
        'a.questions[0].rubric[0].levels[2].points: duplicate',
        'a.questions[0].min_words: minAboveMax',
      ],
    },
  ] as { type: AuthoredQuestion['type']; change: Partial<AuthoredQuestion>; found: string[] }[])('finds what a $type question lacks', ({ type, change, found }) => {
    expect(problemsOf({ ...newQuestion(type, []), prompt: 'What?', ...change }).sort()).toEqual([...found].sort());
  });

  it('says when a group is split or has no questions, and what a course’s structure lacks', () => {
    const q = (id: string, group?: string): AuthoredQuestion => ({ id, type: 'true_false', prompt: 'P', correct: true, group });
    const checks = checkAssessment('a', quiz([q('q1', 'g'), q('q2'), q('q3', 'g')], { groups: [{ id: 'g' }, { id: 'empty' }] }));
    expect(checks).toEqual([
      { field: 'a.questions[2].group', key: 'groupSplit', values: { n: 1 } },
      { field: 'a.groups[1].id', key: 'groupEmpty' },
    ]);
    const tree = checkTree({
      modules: [
        {
          id: 'm1',
          title: '',
          summary: '',
          items: [
            { id: 'l1', kind: 'lesson', title: 'Intro', required: true, body: ' ' },
            { id: 'quiz-1', kind: 'assessment', title: 'Check', required: true, assessment: quiz([]) },
          ],
        },
      ],
    });
    expect(tree.map((c) => `${c.field}: ${c.key}`)).toEqual([
      'modules[0].title: required',
      'modules[0].items[0].body: lessonBody',
      'modules[0].items[1].assessment.questions: oneQuestion',
    ]);
  });
});

describe('editing helpers', () => {
  it('inserts a gap at the cursor, adds gaps typed into the text, and removes a gap with its marker', () => {
    const q = newQuestion('cloze', []);
    const one = insertGap({ ...q, text: 'Paris is in .' }, 12);
    expect(one.text).toBe('Paris is in {{g1}}.');
    expect(one.gaps).toEqual([{ id: 'g1', answers: [] }]);
    const two = withTextGaps(one, 'Paris is in {{g1}}, the capital of {{country}}. {{Not valid}}');
    expect(two.gaps?.map((g) => g.id)).toEqual(['g1', 'country']);
    expect(removeGap(two, 0).text).toBe('Paris is in , the capital of {{country}}. {{Not valid}}');
    expect(removeGap(two, 0).gaps?.map((g) => g.id)).toEqual(['country']);
  });

  it('moves a question that joins a group next to the group’s others, and frees questions of a removed group', () => {
    const qs: AuthoredQuestion[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, type: 'essay' as const, prompt: id }));
    const grouped = setGroup(setGroup(qs, 0, 'g'), 3, 'g');
    expect(grouped.map((q) => `${q.id}${q.group ? `:${q.group}` : ''}`)).toEqual(['a:g', 'd:g', 'b', 'c']);
    const back = setGroup(grouped, 1, '');
    expect(back[1]).not.toHaveProperty('group', 'g');
    const freed = removeGroup(quiz(grouped, { groups: [{ id: 'g' }] }), 0);
    expect(freed.groups).toEqual([]);
    expect(freed.questions.every((q) => !q.group)).toBe(true);
  });

  it('shows learners no answers: rights and items shuffled under opaque ids, no correct flags', () => {
    const matching: AuthoredQuestion = {
      id: 'q1',
      type: 'matching',
      prompt: 'Match',
      pairs: [
        { id: 'p1', left: 'GPU', right: 'Hardware' },
        { id: 'p2', left: 'Python', right: 'Language' },
      ],
      distractors: ['Protocol'],
    };
    const pm = publicQuestion(matching);
    expect(pm.lefts).toEqual([
      { id: 'p1', text: 'GPU' },
      { id: 'p2', text: 'Python' },
    ]);
    expect(pm.rights?.map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    expect(pm.rights?.map((r) => r.text).sort()).toEqual(['Hardware', 'Language', 'Protocol']);

    const ordering: AuthoredQuestion = { id: 'q2', type: 'ordering', prompt: 'Order', items: ['1', '2', '3'].map((n) => ({ id: `i${n}`, text: n })) };
    const po = publicQuestion(ordering);
    expect(po.items?.map((i) => i.text)).not.toEqual(['1', '2', '3']);
    expect(po.items?.map((i) => i.id)).toEqual(['o1', 'o2', 'o3']);

    const choice = publicQuestion({ id: 'q3', type: 'single_choice', prompt: 'P', options: [{ id: 'a', text: 'A', correct: true }] });
    expect(choice.options).toEqual([{ id: 'a', text: 'A' }]);
    const essay = publicQuestion({ id: 'q4', type: 'essay', prompt: 'P', rubric: [{ criterion: 'C', points: 2 }, { criterion: 'D', points: 3 }] });
    expect(essay.points).toBe(5);
  });
});
