import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DraftCourse, GradebookRow, Org } from '../api/console';
import type { Attempt } from '../api/types';
import { json, type SeenRequest } from '../test/http';
import { renderApp } from '../test/render';
import { signedIn } from '../test/session';
import { daysSince } from './ReviewRequestsPage';

const datenwerk: Org = { id: 'org1', kind: 'provider', name: 'Datenwerk', slug: 'datenwerk', country: 'DE', verified: true, role: 'owner' };
const course = { id: 'c1', slug: 'ethics', title: 'Ethics', language: 'en', institution: 'datenwerk', modules: [] } as unknown as DraftCourse;

function staff(handle: (req: SeenRequest) => Response | undefined): SeenRequest[] {
  return signedIn((req) => {
    if (req.url.pathname === '/api/v1/orgs') {
      return json(200, { items: [datenwerk] });
    }
    if (req.method === 'GET' && req.url.pathname === '/api/v1/courses/ethics') {
      return json(200, course);
    }
    return handle(req);
  });
}

function row(fields: Partial<GradebookRow>): GradebookRow {
  return {
    enrolment_id: 'e',
    learner_id: 'u',
    learner_name: '',
    learner_email: '',
    version: 1,
    status: 'active',
    standing: 'in_progress',
    enrolled_at: '2026-01-01T00:00:00Z',
    progress_percent: 0,
    grade_percent: 0,
    cells: [{ in_version: true, done: false }],
    ...fields,
  };
}

function essayAttempt(fields: Partial<Attempt> = {}): Attempt {
  return {
    id: 'a1',
    learner_id: 'u7',
    course_id: 'c1',
    item: 'm.essay',
    title: 'Essay',
    number: 1,
    status: 'needs_review',
    started_at: '2026-01-01T00:00:00Z',
    pass_mark: 60,
    score: { score: 1, max_score: 6, percent: 16.7, final: false, awaiting_points: 5 },
    feedback_available: true,
    feedback_policy: 'on_submit',
    questions: [
      {
        question: {
          id: 'q3',
          type: 'essay',
          prompt: 'Explain a risk of automated hiring.',
          points: 5,
          rubric: [
            { criterion: 'Names the risk', points: 2, levels: [{ points: 0, description: 'Missing' }, { points: 2, description: 'Clear' }] },
            { criterion: 'Gives an example', points: 3 },
          ],
        },
        answer: { text: 'Bias against older applicants.' },
        result: { score: 0, max_score: 5, status: 'needs_review', correct: false, feedback: { message: '' } },
      },
    ],
    review_request: { message: 'Please grade my essay.', requested_at: '2026-01-02T00:00:00Z' },
    ...fields,
  };
}

describe('gradebook', () => {
  it('asks the server for the learners of a standing, a cohort or a name, and opens a learner', async () => {
    const learners = [
      row({ enrolment_id: 'e1', learner_id: 'u7', learner_name: 'Ada Lovelace', learner_email: 'ada@example.org', standing: 'passed', cohort: 'Spring', cells: [{ in_version: true, done: true, best_percent: 75 }] }),
      row({ enrolment_id: 'e2', learner_id: 'u8', learner_name: 'Alan Turing', learner_email: 'alan@example.org', standing: 'failed', cohort: 'Autumn' }),
      row({ enrolment_id: 'e3', learner_id: 'u9', learner_name: 'Grace Hopper', learner_email: 'grace@example.org', standing: 'awaiting_grading' }),
    ];
    const seen = staff((req) => {
      if (req.url.pathname === '/api/v1/courses/ethics/gradebook') {
        // The server filters: this one by exact standing and cohort, and by the start of a name or email.
        const q = req.url.searchParams;
        const rows = learners.filter(
          (r) =>
            (!q.has('standing') || r.standing === q.get('standing')) &&
            (!q.has('cohort') || r.cohort === q.get('cohort')) &&
            (!q.has('q') || `${r.learner_name} ${r.learner_email}`.toLowerCase().includes(q.get('q')!)),
        );
        return json(200, {
          course_id: 'c1',
          course_slug: 'ethics',
          course_title: 'Ethics',
          columns: [{ ref: 'm.essay', module_id: 'm', item_id: 'essay', title: 'Essay', kind: 'assessment', required: true }],
          rows,
        });
      }
      if (req.url.pathname === '/api/v1/courses/ethics/cohorts') {
        return json(200, [
          { id: 'k1', name: 'Spring', starts_at: '2026-03-01T00:00:00Z', ends_at: '2026-06-01T00:00:00Z' },
          { id: 'k2', name: 'Autumn', starts_at: '2026-09-01T00:00:00Z', ends_at: '2026-12-01T00:00:00Z' },
        ]);
      }
      return undefined;
    });
    const { user } = renderApp('/console/courses/ethics/gradebook');
    expect(await screen.findByRole('columnheader', { name: 'Essay' })).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: '75 %' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('3 learners shown.');
    const rowNames = () => screen.getAllByRole('rowheader').map((h) => h.textContent);
    const lastQuery = () => seen.filter((r) => r.url.pathname.endsWith('/gradebook')).at(-1)!.url.searchParams;

    await user.selectOptions(screen.getByLabelText('Standing'), 'Failed');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 learner shown.'));
    expect(rowNames()).toEqual([expect.stringContaining('Alan Turing')]);
    expect(lastQuery().get('standing')).toBe('failed');
    await user.selectOptions(screen.getByLabelText('Standing'), 'Any');
    await user.selectOptions(await screen.findByLabelText('Cohort'), 'Spring');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 learner shown.'));
    expect(rowNames()).toEqual([expect.stringContaining('Ada Lovelace')]);
    expect(lastQuery().get('cohort')).toBe('Spring');
    expect(lastQuery().has('standing')).toBe(false);
    await user.selectOptions(screen.getByLabelText('Cohort'), 'Any');
    await user.type(screen.getByLabelText('Name or email'), 'grace@');
    await waitFor(() => expect(rowNames()).toEqual([expect.stringContaining('Grace Hopper')]));
    expect(screen.getByRole('link', { name: 'Grace Hopper' })).toHaveAttribute('href', '/console/courses/ethics/learners/u9');
    expect(lastQuery().get('q')).toBe('grace@');
  });
});

describe('attempt review', () => {
  it('grades an essay against its rubric levels, then shows the new grade and the change in the audit trail', async () => {
    let graded = false;
    const seen = staff((req) => {
      if (req.url.pathname === '/api/v1/attempts/a1') {
        return json(200, essayAttempt());
      }
      if (req.url.pathname === '/api/v1/attempts/a1/audit') {
        return json(200, {
          items: graded
            ? [{ id: 'a1:2', rev: 2, kind: 'manual_grade', question_id: 'q3', actor_id: 'u2', at: '2026-01-03T10:00:00Z', old_score: 0, new_score: 4, old_percent: 16.7, new_percent: 83.3, comment: 'Good example.' }]
            : [],
        });
      }
      if (req.url.pathname === '/api/v1/attempts/a1/questions/q3/manual-grade') {
        graded = true;
        return json(
          200,
          essayAttempt({
            status: 'graded',
            score: { score: 5, max_score: 6, percent: 83.3, final: true, passed: true },
            review_request: { message: 'Please grade my essay.', requested_at: '2026-01-02T00:00:00Z', resolved_at: '2026-01-03T10:00:00Z' },
          }),
        );
      }
      return undefined;
    });
    const { user } = renderApp('/console/courses/ethics/attempts/a1');
    expect(await screen.findByText('Bias against older applicants.')).toBeInTheDocument();
    expect(screen.getByText('Please grade my essay.')).toBeInTheDocument();
    expect(await screen.findByText('The grade has not been changed by staff.')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Names the risk (up to 2 points)'), '2 points: Clear');
    await user.type(screen.getByLabelText('Gives an example (up to 3 points)'), '2');
    expect(screen.getByText('Total: 4 points')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Comment for the learner (optional)'), 'Good example.');
    await user.click(screen.getByRole('button', { name: 'Save the grade' }));

    expect(await screen.findByText(/Resolved on/)).toBeInTheDocument();
    expect(screen.getByText(/5 of 6 points \(83\.3 %\) \(Passed\)/)).toBeInTheDocument();
    const trail = await screen.findByRole('table', { name: 'Changes to the grade' });
    expect(within(trail).getByRole('cell', { name: 'Essay graded' })).toBeInTheDocument();
    expect(seen.find((r) => r.url.pathname.endsWith('/manual-grade'))?.body).toEqual({ rubric_scores: [2, 2], comment: 'Good example.' });
  });

  it('answers a review request without changing the grade', async () => {
    const seen = staff((req) => {
      if (req.url.pathname === '/api/v1/attempts/a1') {
        return json(200, essayAttempt({ status: 'graded' }));
      }
      if (req.url.pathname === '/api/v1/attempts/a1/audit') {
        return json(200, { items: [] });
      }
      if (req.url.pathname === '/api/v1/attempts/a1/review-request/reply') {
        return json(
          200,
          essayAttempt({ status: 'graded', review_request: { message: 'Please grade my essay.', requested_at: '2026-01-02T00:00:00Z', resolved_at: '2026-01-03T00:00:00Z', reply: 'The grade stands.' } }),
        );
      }
      return undefined;
    });
    const { user } = renderApp('/console/courses/ethics/attempts/a1');
    await user.type(await screen.findByLabelText('Your answer'), 'The grade stands.');
    await user.click(screen.getByRole('button', { name: 'Answer without changing the grade' }));
    // The typed answer is no proof: only the reply the server returned, shown once the form is gone.
    await waitFor(() => expect(screen.getByText('The grade stands.', { ignore: 'textarea, script, style' })).toBeInTheDocument());
    expect(seen.find((r) => r.url.pathname.endsWith('/reply'))?.body).toEqual({ reply: 'The grade stands.' });
  });
});

describe('review requests', () => {
  it('lists open requests with learner, assessment, message and age, and the answers to grade, each opening the attempt', async () => {
    staff((req) => {
      if (req.url.pathname === '/api/v1/courses/ethics/awaiting-grading') {
        return json(200, {
          items: [{ attempt_id: 'a2', learner_id: 'u8', learner_name: 'Alan Turing', item: 'm.essay', title: 'Essay', number: 2, submitted_at: '2026-01-01T00:00:00Z', enrolment_id: 'e2' }],
        });
      }
      if (req.url.pathname === '/api/v1/courses/ethics/review-requests') {
        return json(200, {
          items: [{ id: 'a1', item: 'm.essay', number: 1, status: 'graded', learner_id: 'u7', learner_name: 'Ada Lovelace', title: 'Essay', review_request: { message: 'Please grade my essay.', requested_at: '2026-01-02T00:00:00Z' } }],
        });
      }
      return undefined;
    });
    renderApp('/console/courses/ethics/reviews');
    const table = await screen.findByRole('table', { name: '1 open review request' });
    expect(within(table).getByRole('link', { name: 'Essay, attempt 1' })).toHaveAttribute('href', '/console/courses/ethics/attempts/a1');
    expect(within(table).getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute('href', '/console/courses/ethics/learners/u7');
    expect(within(table).getByText('Please grade my essay.')).toBeInTheDocument();
    const toGrade = await screen.findByRole('table', { name: 'Answers to grade' });
    expect(within(toGrade).getByRole('link', { name: 'Essay, attempt 2' })).toHaveAttribute('href', '/console/courses/ethics/attempts/a2');
  });

  it('counts whole days of waiting', () => {
    expect(daysSince('2026-01-02T00:00:00Z', Date.parse('2026-01-04T12:00:00Z'))).toBe(2);
  });
});

describe('insight', () => {
  it('draws each chart with a table of its figures, and flags the questions that fail strong learners', async () => {
    staff((req) => {
      if (req.url.pathname === '/api/v1/courses/ethics/insight') {
        return json(200, {
          course_id: 'c1',
          course_slug: 'ethics',
          enrolments: 3,
          completions: 1,
          credentials: 1,
          enrolments_by_day: [
            { day: '2026-01-01', count: 2 },
            { day: '2026-01-03', count: 1 },
          ],
          completions_by_day: [{ day: '2026-01-03', count: 1 }],
          credentials_by_day: [{ day: '2026-01-03', count: 1 }],
          assessments: [
            {
              item: 'm.essay',
              title: 'Essay',
              graded: 2,
              passed: 1,
              pass_rate: 0.5,
              mean_percent: 55,
              histogram: [0, 0, 0, 0, 0, 1, 1, 0, 0, 0],
              questions: [
                { question_id: 'q1', attempts: 2, correct: 1, difficulty: 0.5, mean_score: 0.5, discrimination: 1 },
                { question_id: 'q2', attempts: 2, correct: 1, difficulty: 0.5, mean_score: 0.5, discrimination: -1 },
              ],
            },
          ],
        });
      }
      return undefined;
    });
    renderApp('/console/courses/ethics/insight');
    expect(await screen.findByRole('img', { name: 'Enrolments, completions and credentials to date, by day' })).toBeInTheDocument();
    const overTime = screen.getByRole('table', { name: 'Enrolments, completions and credentials to date, by day' });
    expect(within(overTime).getAllByRole('row').map((r) => r.textContent)).toEqual(['DayEnrolmentsCompletionsCredentials issued', 'Jan 1, 2026200', 'Jan 3, 2026311']);
    expect(screen.getByText('2 graded attempts, pass rate 50 %, mean grade 55 %.')).toBeInTheDocument();
    const grades = screen.getByRole('table', { name: 'Grades of Essay, attempts per band of 10 %' });
    expect(within(grades).getByRole('row', { name: '50–60 % 1' })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /q2 2 50 % -1 \(check this question\)/ })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Download these figures (CSV)' })).toHaveLength(3);
  });
});
