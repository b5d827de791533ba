import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Attempt, AttemptQuestion } from '../api/types';
import { json } from '../test/http';
import { renderApp } from '../test/render';
import { signedIn } from '../test/session';

afterEach(() => localStorage.clear());

const questions: AttemptQuestion[] = [
  { question: { id: 'single', type: 'single_choice', prompt: 'Which is a supervised task?', points: 1, options: [{ id: 'a', text: 'Clustering' }, { id: 'b', text: 'Classification' }] } },
  { question: { id: 'multi', type: 'multiple_response', prompt: 'Which are metrics?', points: 2, options: [{ id: 'a', text: 'Recall' }, { id: 'b', text: 'Epoch' }, { id: 'c', text: 'Precision' }] } },
  { question: { id: 'tf', type: 'true_false', prompt: 'More data always helps.', points: 1 } },
  { question: { id: 'num', type: 'numeric', prompt: 'What share is 3 of 4?', points: 1, units: ['%', 'ratio'], unit_required: true } },
  { question: { id: 'short', type: 'short_answer', prompt: 'Name the test set’s twin used for tuning.', points: 1 } },
  {
    question: {
      id: 'match',
      type: 'matching',
      prompt: 'Match the task to its kind.',
      points: 2,
      lefts: [{ id: 'p1', text: 'Predict a price' }, { id: 'p2', text: 'Spam or not' }],
      rights: [{ id: 'r1', text: 'Classification' }, { id: 'r2', text: 'Regression' }],
    },
  },
  { question: { id: 'order', type: 'ordering', prompt: 'Put the steps in order.', points: 2, items: [{ id: 'o1', text: 'Train' }, { id: 'o2', text: 'Split' }, { id: 'o3', text: 'Evaluate' }] } },
  { question: { id: 'cloze', type: 'cloze', prompt: 'Complete.', points: 2, text: 'Tune on the {{g1}} set; high {{g2}} means underfitting.', gaps: [{ id: 'g1' }, { id: 'g2', options: ['bias', 'variance'] }] } },
  { question: { id: 'essay', type: 'essay', prompt: 'Explain overfitting.', points: 4, min_words: 3, max_words: 50, rubric: [{ criterion: 'Names the cause', points: 2 }] } },
];

const attempt: Attempt = {
  id: 'att1',
  course_id: 'c1',
  item: 'basics.quiz',
  title: 'Check your understanding',
  number: 1,
  status: 'in_progress',
  started_at: '2026-01-01T10:00:00Z',
  deadline: '2999-01-01T10:00:00Z',
  pass_mark: 70,
  feedback_available: false,
  feedback_policy: 'on_submit',
  questions,
};

const graded: Attempt = {
  ...attempt,
  status: 'graded',
  graded_at: '2026-01-01T10:20:00Z',
  score: { score: 12, max_score: 16, percent: 75, final: true, passed: true },
  feedback_available: true,
  questions: questions.map((q) => ({ ...q, result: { score: 1, max_score: q.question.points, status: 'graded', correct: q.question.points === 1, feedback: { message: '' } } })),
};

/**
 * A fake API for one attempt. Once it is submitted, a request waiting for the grade gets the
 * attempt as it stands the first time (as when the wait runs out), then is held until grade().
 */
function attemptServer() {
  let asked = 0;
  let grade = () => {};
  const gradeStored = new Promise<void>((resolve) => (grade = resolve));
  const seen = signedIn((req) => {
    if (req.method === 'GET' && req.url.pathname === '/api/v1/attempts/att1') {
      if (!submitted || req.url.searchParams.get('wait') !== 'grade') {
        return json(200, attempt);
      }
      asked++;
      return asked === 1 ? json(200, { ...attempt, status: 'submitted', queue_position: 3 }) : gradeStored.then(() => json(200, graded));
    }
    if (req.method === 'PUT') {
      return json(200, { question_id: req.url.pathname.split('/').pop(), answer: req.body, saved_at: '2026-01-01T10:05:00Z' });
    }
    if (req.method === 'POST' && req.url.pathname === '/api/v1/attempts/att1/submit') {
      submitted = true;
      return json(200, { ...attempt, status: 'submitted', queue_position: 3 });
    }
    return undefined;
  });
  let submitted = false;
  const saved = (id: string) => seen.filter((r) => r.method === 'PUT' && r.url.pathname.endsWith(`/answers/${id}`)).map((r) => r.body);
  return { seen, saved, grade };
}

describe('assessment player', () => {
  it('answers every question type from the keyboard and saves each answer in the API shape', async () => {
    const { saved } = attemptServer();
    const { user } = renderApp('/learn/ml/attempts/att1');
    const question = async (n: number) => (await screen.findByRole('heading', { name: new RegExp(`^Question ${n} of 9`) })).closest('section')!;

    await user.click(within(await question(1)).getByRole('radio', { name: 'Classification' }));
    await user.click(within(await question(2)).getByRole('checkbox', { name: 'Precision' }));
    await user.click(within(await question(2)).getByRole('checkbox', { name: 'Recall' }));
    await user.click(within(await question(3)).getByRole('radio', { name: 'False' }));
    await user.type(within(await question(4)).getByRole('textbox'), '0,75');
    await user.selectOptions(within(await question(4)).getByRole('combobox', { name: 'Unit' }), 'ratio');
    await user.type(within(await question(5)).getByRole('textbox'), 'validation');
    await user.selectOptions(within(await question(6)).getByRole('combobox', { name: 'Predict a price' }), 'Regression');

    // Ordering with the keyboard: focus "Move Split up" and press Enter; focus stays with the item.
    const order = await question(7);
    within(order).getByRole('button', { name: 'Move “Split” up' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(within(order).getByRole('button', { name: 'Move “Split” down' })).toHaveFocus());
    expect(within(order).getAllByRole('listitem').map((li) => li.textContent?.replace(/[↑↓]/g, ''))).toEqual(['Split', 'Train', 'Evaluate']);
    expect(within(order).getByText('“Split” is now in position 1 of 3.')).toBeInTheDocument();

    await user.type(within(await question(8)).getByRole('textbox', { name: 'Gap 1' }), 'validation');
    await user.selectOptions(within(await question(8)).getByRole('combobox', { name: 'Gap 2' }), 'bias');
    await user.type(within(await question(9)).getByRole('textbox', { name: 'Explain overfitting.' }), 'It memorises noise');
    expect(within(await question(9)).getByText('3 words (at least 3 words, at most 50 words)')).toBeInTheDocument();

    await waitFor(
      () => {
        expect(saved('single').at(-1)).toEqual({ choice: 'b' });
        expect(saved('multi').at(-1)).toEqual({ choices: ['a', 'c'] });
        expect(saved('tf').at(-1)).toEqual({ value: false });
        expect(saved('num').at(-1)).toEqual({ number: '0,75', unit: 'ratio' });
        expect(saved('short').at(-1)).toEqual({ text: 'validation' });
        expect(saved('match').at(-1)).toEqual({ matches: { p1: 'r2' } });
        expect(saved('order').at(-1)).toEqual({ order: ['o2', 'o1', 'o3'] });
        expect(saved('cloze').at(-1)).toEqual({ gaps: { g1: 'validation', g2: 'bias' } });
        expect(saved('essay').at(-1)).toEqual({ text: 'It memorises noise' });
      },
      { timeout: 3000 },
    );
    // Typing is saved once it pauses, not once per key.
    expect(saved('essay').length).toBeLessThan(3);
    expect(screen.getByText('9 of 9 answered')).toBeInTheDocument();
    // Typing nine answers in jsdom is slow on a busy machine.
  }, 40_000);

  it('asks before submitting unanswered questions, shows grading, then announces the grade', async () => {
    const { seen, grade } = attemptServer();
    const { user } = renderApp('/learn/ml/attempts/att1');
    await user.click(await screen.findByRole('radio', { name: 'Classification' }));
    await user.click(screen.getByRole('button', { name: 'Submit answers' }));

    const anyway = await screen.findByRole('button', { name: 'Submit anyway' });
    expect(screen.getByText('8 questions have no answer. Submit anyway?')).toBeInTheDocument();
    await waitFor(() => expect(anyway).toHaveFocus());
    await user.click(anyway);

    expect(await screen.findByText('Grading your answers…')).toBeInTheDocument();
    expect(screen.getByText('You are number 3 in the queue.')).toBeInTheDocument();
    // The submit button is gone; keyboard focus moved to what replaced it.
    await waitFor(() => expect(screen.getByText('Grading your answers…').closest('[tabindex="-1"]')).toHaveFocus());
    const submit = seen.find((r) => r.url.pathname.endsWith('/submit'))!;
    expect(submit.headers.get('Idempotency-Key')).toBe('submit-att1');
    // The answer clicked just before was saved before the submission went out.
    expect(seen.findIndex((r) => r.method === 'PUT')).toBeLessThan(seen.indexOf(submit));

    // The page waits for the grade on the server, asking again when a wait runs out.
    await waitFor(() => expect(seen.filter((r) => r.url.search === '?wait=grade')).toHaveLength(2));
    expect(screen.getByText('You are number 3 in the queue.')).toBeInTheDocument();
    grade();
    expect(await screen.findByRole('heading', { name: 'Your result' }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByText('75 %')).toBeInTheDocument();
    expect(screen.getByText(/12 of 16 points · passed: the pass mark is 70 %/)).toBeInTheDocument();
    expect(screen.getAllByRole('status').some((s) => s.textContent === 'Your grade has arrived: 75 %. You passed.')).toBe(true);
    expect(screen.getByRole('button', { name: 'Request a review' })).toBeDisabled();
  });

  it('announces a grade that comes back with the submission, without asking again', async () => {
    const seen = signedIn((req) => {
      if (req.method === 'GET' && req.url.pathname === '/api/v1/attempts/att1') {
        return json(200, attempt);
      }
      if (req.method === 'PUT') {
        return json(200, { question_id: 'single', answer: req.body, saved_at: '2026-01-01T10:05:00Z' });
      }
      if (req.method === 'POST' && req.url.pathname.endsWith('/submit')) {
        return json(200, graded);
      }
      return undefined;
    });
    const { user } = renderApp('/learn/ml/attempts/att1');
    await user.click(await screen.findByRole('radio', { name: 'Classification' }));
    await user.click(screen.getByRole('button', { name: 'Submit answers' }));
    await user.click(await screen.findByRole('button', { name: 'Submit anyway' }));

    expect(await screen.findByRole('heading', { name: 'Your result' })).toBeInTheDocument();
    expect(screen.getAllByRole('status').some((s) => s.textContent === 'Your grade has arrived: 75 %. You passed.')).toBe(true);
    expect(seen.filter((r) => r.url.search === '?wait=grade')).toHaveLength(0);
  });

  it('submits the saved answers by itself when the time runs out', async () => {
    const deadline = new Date(Date.now() + 2000).toISOString();
    let submitted = false;
    const seen = signedIn((req) => {
      if (req.method === 'GET' && req.url.pathname === '/api/v1/attempts/att1') {
        return json(200, submitted ? graded : { ...attempt, deadline });
      }
      if (req.method === 'PUT') {
        return json(200, { question_id: 'single', answer: req.body, saved_at: '2026-01-01T10:05:00Z' });
      }
      if (req.method === 'POST' && req.url.pathname.endsWith('/submit')) {
        submitted = true;
        return json(200, { ...attempt, status: 'submitted' });
      }
      return undefined;
    });
    const { user } = renderApp('/learn/ml/attempts/att1');
    expect(await screen.findByRole('timer')).toHaveTextContent(/^0:0[12]$/);
    await user.click(screen.getByRole('radio', { name: 'Classification' }));

    expect(await screen.findByRole('heading', { name: 'Your result' }, { timeout: 6000 })).toBeInTheDocument();
    const submit = seen.findIndex((r) => r.url.pathname.endsWith('/submit'));
    expect(submit).toBeGreaterThan(seen.findIndex((r) => r.method === 'PUT'));
  });

  it('under immediate feedback, shows a result only once the question is checked, then locks its answer', async () => {
    const grouped: AttemptQuestion[] = [
      { question: { id: 'p', type: 'numeric', prompt: 'What is the **precision**?', points: 1, group: 'm', stem: 'TP = 45 and **FP = 15**.' } },
      { question: { id: 'f', type: 'numeric', prompt: 'What is the F1 score?', points: 1, group: 'm', stem: 'TP = 45 and **FP = 15**.' } },
    ];
    const seen = signedIn((req) => {
      if (req.method === 'GET' && req.url.pathname === '/api/v1/attempts/att1') {
        return json(200, { ...attempt, feedback_policy: 'immediate', questions: grouped });
      }
      if (req.method === 'PUT') {
        return json(200, { question_id: 'p', answer: req.body, saved_at: '2026-01-01T10:05:00Z' });
      }
      if (req.method === 'POST' && req.url.pathname.endsWith('/questions/p/check')) {
        return json(200, {
          question: grouped[0]!.question,
          answer: req.body,
          locked: true,
          result: { score: 0, max_score: 1, status: 'graded', correct: false, feedback: { message: 'Incorrect' }, solution: { lines: ['0.75'] } },
        });
      }
      return undefined;
    });
    const { user } = renderApp('/learn/ml/attempts/att1');
    const first = (await screen.findByRole('heading', { name: /^Question 1 of 2/ })).closest('section')!;
    // Prompts and the group's stem are Markdown; the stem is shown once, above the group's first question.
    expect(within(first).getByText('precision').tagName).toBe('STRONG');
    expect(screen.getAllByText('FP = 15')).toHaveLength(1);

    const input = within(first).getByRole('textbox', { name: 'What is the precision?' });
    await user.type(input, '0,6');
    await waitFor(() => expect(seen.some((r) => r.method === 'PUT')).toBe(true), { timeout: 3000 });
    expect(within(first).queryByText('The expected answer:')).not.toBeInTheDocument();

    await user.click(within(first).getByRole('button', { name: 'Check answer' }));
    expect(await within(first).findByText('The expected answer:')).toBeInTheDocument();
    expect(within(first).getByText('Checked: this answer can no longer be changed.')).toBeInTheDocument();
    expect(seen.find((r) => r.url.pathname.endsWith('/check'))!.body).toEqual({ number: '0,6' });
    expect(input).toBeDisabled();
    expect(within(first).queryByRole('button', { name: 'Check answer' })).not.toBeInTheDocument();
  });

  it('shows an attempt awaiting a teacher as such, with what is graded so far and no verdict', async () => {
    signedIn((req) =>
      req.method === 'GET' && req.url.pathname === '/api/v1/attempts/att1'
        ? json(200, { ...graded, status: 'needs_review', score: { score: 4, max_score: 9, percent: 44.4, final: false, awaiting_points: 5 } })
        : undefined,
    );
    renderApp('/learn/ml/attempts/att1');
    expect(await screen.findByRole('heading', { name: 'Awaiting a teacher' })).toBeInTheDocument();
    expect(screen.getByText(/Graded so far: 4 of 4 points\. A teacher has yet to grade answers worth 5 points/)).toBeInTheDocument();
    expect(screen.queryByText(/did not pass|44\.4/)).not.toBeInTheDocument();
  });
});
