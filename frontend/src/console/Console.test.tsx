import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DraftCourse, Org, ProgrammeRecord } from '../api/console';
import { aProgramme } from '../test/catalogue';
import { json, problem, type SeenRequest } from '../test/http';
import { renderApp } from '../test/render';
import { signedIn } from '../test/session';

const datenwerk: Org = { id: 'org1', kind: 'provider', name: 'Datenwerk', slug: 'datenwerk', country: 'DE', verified: true, role: 'owner' };

function draft(fields: Partial<DraftCourse> = {}): DraftCourse {
  return {
    id: 'c1',
    slug: 'prompting',
    institution: 'datenwerk',
    institution_name: 'Datenwerk',
    status: 'draft',
    title: 'Prompting',
    summary: 'Write prompts.',
    description: '',
    language: 'en',
    level: 'beginner',
    eqf_level: 4,
    workload_hours: 6,
    ects: 0,
    instructors: [],
    skills: [],
    prerequisites: [],
    pass_mark: 70,
    learning_outcomes: ['Write a prompt'],
    assessment_type: '',
    participation: '',
    quality_assurance: '',
    credential: true,
    modules: [],
    ...fields,
  };
}

/** A staff member of Datenwerk; other requests go to handle. */
function staff(handle: (req: SeenRequest) => Response | undefined, orgs: Org[] = [datenwerk]): SeenRequest[] {
  return signedIn((req) => (req.url.pathname === '/api/v1/orgs' ? json(200, { items: orgs }) : handle(req)));
}

const validation = (errors: { field: string; message: string }[]) =>
  problem(400, { type: 'urn:academy:problem:validation-failed', detail: 'the request has invalid fields', errors });

/** A draft with a lesson and a quiz of the given questions. */
function quizDraft(questions: unknown[]): DraftCourse {
  return {
    ...draft(),
    modules: [
      {
        id: 'm',
        title: 'One',
        summary: '',
        items: [
          { id: 'l', kind: 'lesson', title: 'Intro', required: true, body: 'Hello.' },
          {
            id: 'q',
            kind: 'assessment',
            title: 'Quiz',
            required: true,
            assessment_summary: { title: 'Quiz', questions: questions.length },
            assessment: { title: 'Quiz', kind: 'assessment', pass_mark: 50, feedback: 'immediate', questions },
          },
        ],
      },
    ],
  } as DraftCourse;
}

describe('console home', () => {
  it('lists the organisation’s courses and programmes, drafts included, and shows the console in the header', async () => {
    const seen = staff((req) => {
      if (req.url.pathname === '/api/v1/courses') {
        return json(200, {
          items: [
            {
              id: 'c1',
              slug: 'prompting',
              institution: 'datenwerk',
              title: 'Prompting',
              language: 'en',
              level: 'beginner',
              credential: true,
              version: 0,
            },
            {
              id: 'c2',
              slug: 'ml',
              institution: 'datenwerk',
              title: 'ML basics',
              language: 'en',
              level: '',
              credential: false,
              version: 3,
            },
          ],
        });
      }
      if (req.url.pathname === '/api/v1/programmes') {
        return json(200, {
          items: [{ id: 'p1', slug: 'msc', title: 'MSc AI', institution: 'datenwerk', cycle: 'master', status: 'published' }],
        });
      }
      return undefined;
    });
    renderApp('/console');

    const courses = await screen.findByRole('table', { name: 'Courses' });
    const rows = within(courses).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual(['Draft', 'Published, version 3']);
    expect(within(courses).getByRole('link', { name: 'Prompting' })).toHaveAttribute('href', '/console/courses/prompting');
    expect(within(await screen.findByRole('table', { name: 'Programmes' })).getByText('Master')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toContainElement(screen.getByRole('link', { name: 'Console' }));
    expect(seen.find((r) => r.url.pathname === '/api/v1/courses')?.url.search).toBe('?institution=datenwerk&status=all&limit=100');
  });

  it('gives a verified company its openings and talent search, its people, and the console in the header', async () => {
    staff(() => undefined, [{ ...datenwerk, kind: 'company' }]);
    renderApp('/console');
    expect(await screen.findByRole('link', { name: 'Openings of Datenwerk' })).toHaveAttribute('href', '/console/orgs/org1/openings');
    expect(screen.getByRole('link', { name: 'Search the talent pool for Datenwerk' })).toHaveAttribute('href', '/console/orgs/org1/talent');
    expect(screen.queryByRole('heading', { name: 'Courses' })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Invite people' })).toBeInTheDocument();
    // Her company's team learning lives in the console, so the header leads there.
    expect(screen.getByRole('link', { name: 'Team learning of Datenwerk' })).toHaveAttribute('href', `/console/teams/${datenwerk.id}`);
    expect(screen.getByRole('navigation', { name: 'Main' })).toContainElement(screen.getByRole('link', { name: 'Console' }));
  });

  it('tells a member of a company who is neither owner nor staff that companies publish no courses', async () => {
    staff(() => undefined, [{ ...datenwerk, kind: 'company', role: 'member' }]);
    renderApp('/console');
    expect(await screen.findByText(/Companies do not publish courses/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Openings of Datenwerk' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Console' })).not.toBeInTheDocument();
  });

  it('tells a staff member of an unverified organisation that it waits for verification, and hides the console from the header', async () => {
    staff(() => undefined, [{ ...datenwerk, verified: false, role: 'staff' }]);
    renderApp('/console');
    expect(await screen.findByText(/has yet to verify this organisation; its owners submit the evidence/)).toBeInTheDocument();
    expect(screen.getByText('Waiting for verification')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Evidence for verification' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Console' })).not.toBeInTheDocument();
  });

  it('tells a person of no organisation how to create one', async () => {
    staff(() => undefined, []);
    renderApp('/console');
    expect(await screen.findByText(/You belong to no organisation yet/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create an organisation' })).toHaveAttribute('href', '/console/organisations/new');
  });
});

describe('course content', () => {
  it('writes a module with a lesson and a single-choice quiz and saves the whole structure', async () => {
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === '/api/v1/courses/prompting') {
        return json(200, draft());
      }
      if (req.method === 'PUT') {
        return json(200, { id: 'c1', slug: 'prompting' });
      }
      return undefined;
    });
    const { user } = renderApp('/console/courses/prompting/content');
    await user.click(await screen.findByRole('button', { name: 'Add a module' }));
    await user.type(screen.getByLabelText('Module title'), 'Basics');
    await user.click(screen.getByRole('button', { name: 'Add a lesson (Module 1: Basics)' }));
    await user.type(screen.getByLabelText('Lesson title'), 'What a prompt is');
    await user.type(screen.getByRole('textbox', { name: 'Lesson text' }), 'A **prompt** is a request.');
    await user.click(screen.getByRole('button', { name: 'Add a quiz (Module 1: Basics)' }));
    await user.type(screen.getByLabelText('Quiz title'), 'Check');
    await user.click(screen.getByRole('button', { name: 'Add a question' }));
    await user.type(screen.getByLabelText('Question 1'), 'What is a prompt?');
    await user.type(screen.getByLabelText('Option 1'), 'A request');
    await user.type(screen.getByLabelText('Option 2'), 'A GPU');
    await user.click(screen.getByRole('radio', { name: 'Correct (Option 2)' }));
    await user.click(screen.getByRole('radio', { name: 'Correct (Option 1)' }));
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    expect(await screen.findByText('Draft saved.')).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'PUT').at(-1)?.body).toEqual({
      modules: [
        {
          id: 'module-1',
          title: 'Basics',
          summary: '',
          items: [
            { id: 'lesson-1', kind: 'lesson', title: 'What a prompt is', required: true, body: 'A **prompt** is a request.' },
            {
              id: 'quiz-1',
              kind: 'assessment',
              title: 'Check',
              required: true,
              assessment: {
                title: 'Check',
                kind: 'assessment',
                pass_mark: 70,
                feedback: 'on_submit',
                show_correct_answers: true,
                questions: [
                  {
                    id: 'q1',
                    type: 'single_choice',
                    prompt: 'What is a prompt?',
                    points: 1,
                    options: [
                      { id: 'a', text: 'A request', correct: true },
                      { id: 'b', text: 'A GPU', correct: false },
                    ],
                  },
                ],
              },
            },
          ],
        },
      ],
    });
  }, 30_000);

  it('edits a matching question of the draft, and shows every publish problem at its field at once', async () => {
    const matching = {
      id: 'q1',
      type: 'matching',
      prompt: 'Match them',
      pairs: [
        { id: 'p1', left: 'a', right: 'A' },
        { id: 'p2', left: 'b', right: 'B' },
      ],
    };
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === '/api/v1/courses/prompting') {
        return json(200, quizDraft([matching]));
      }
      if (req.method === 'PUT') {
        return json(200, {});
      }
      if (req.url.pathname.endsWith('/publish')) {
        return validation([
          { field: 'modules[0].items[1].assessment.questions[0].pairs[1].right', message: 'duplicates questions[0].pairs[0].right' },
          { field: 'modules[0].items[1].assessment.questions[0].prompt', message: 'is too long' },
        ]);
      }
      return undefined;
    });
    const { user } = renderApp('/console/courses/prompting/content');
    await user.click(await screen.findByText('Quiz 2: Quiz'));
    await user.type(screen.getByLabelText('Match 2'), '!');
    await user.click(screen.getByRole('button', { name: 'Publish' }));

    const summary = await screen.findByRole('alert');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual([
      'Module 1 › Item 2 › Question 1 › Pair 2 › Match: Duplicates questions[0].pairs[0].right',
      'Module 1 › Item 2 › Question 1 › Question: Is too long',
    ]);
    expect(screen.getByLabelText('Match 2')).toHaveAccessibleDescription('Duplicates questions[0].pairs[0].right');
    expect(screen.getByLabelText('Question 1')).toHaveAccessibleDescription(/Is too long/);
    const put = seen.find((r) => r.method === 'PUT')?.body as { modules: { items: Record<string, unknown>[] }[] };
    expect(put.modules[0]?.items[1]).not.toHaveProperty('assessment_summary');
    expect((put.modules[0]?.items[1]?.assessment as { questions: unknown[] }).questions).toEqual([
      { ...matching, pairs: [matching.pairs[0], { id: 'p2', left: 'b', right: 'B!' }] },
    ]);
  });

  it('checks a new question before saving: every missing field at once, and nothing sent', async () => {
    const seen = staff((req) => (req.method === 'GET' && req.url.pathname === '/api/v1/courses/prompting' ? json(200, quizDraft([])) : undefined));
    const { user } = renderApp('/console/courses/prompting/content');
    await user.click(await screen.findByText('Quiz 2: Quiz'));
    await user.selectOptions(screen.getByLabelText('Type of the new question'), 'Fill in the gaps');
    await user.click(screen.getByRole('button', { name: 'Add a question' }));
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(summary).toHaveFocus());
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual([
      'Module 1 › Item 2 › Question 1 › Question: Is required.',
      'Module 1 › Item 2 › Question 1 › Text: Is required.',
      'Module 1 › Item 2 › Question 1 › Gaps: The text needs at least one gap.',
    ]);
    expect(screen.getByLabelText('Text with gaps')).toHaveAccessibleDescription(/Is required\./);
    expect(seen.filter((r) => r.method === 'PUT')).toEqual([]);

    // A check goes away as soon as its field is filled.
    await user.type(screen.getByLabelText('Text with gaps'), 'Paris is in {{{{country}}.');
    expect(screen.getByLabelText('Text with gaps')).not.toHaveAccessibleDescription(/Is required/);
    expect(screen.getByLabelText('Accepted answers of gap {{country}}')).toHaveAccessibleDescription(/Give at least one accepted answer\./);
  });

  it('saves the draft on its own once typing pauses, and warns before leaving with changes not saved', async () => {
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === '/api/v1/courses/prompting') {
        return json(200, quizDraft([{ id: 'q1', type: 'true_false', prompt: 'Sure?', correct: true }]));
      }
      if (req.method === 'PUT') {
        return json(200, {});
      }
      return undefined;
    });
    const { user, router } = renderApp('/console/courses/prompting/content');
    await user.type(await screen.findByLabelText('Module title'), ' again');
    expect(await screen.findByText(/^Draft saved automatically at/, {}, { timeout: 6000 })).toBeInTheDocument();
    expect((seen.find((r) => r.method === 'PUT')?.body as { modules: { title: string }[] }).modules[0]?.title).toBe('One again');

    // A quiz without questions cannot be saved: the status says so and the field shows why.
    await user.click(screen.getByText('Quiz 2: Quiz'));
    await user.click(screen.getByRole('button', { name: 'Remove: Question 1 (True or false)' }));
    expect(await screen.findByText('Changes not saved yet: 1 field to complete first.', {}, { timeout: 6000 })).toBeInTheDocument();
    expect(screen.getByText('A quiz needs at least one question.')).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Details' }));
    const warning = await screen.findByRole('alertdialog', { name: 'Leave without saving?' });
    await waitFor(() => expect(warning).toHaveFocus());
    await user.click(within(warning).getByRole('button', { name: 'Stay on this page' }));
    expect(router.state.location.pathname).toBe('/console/courses/prompting/content');
    expect(screen.queryByRole('alertdialog')).toBeNull();

    await user.click(screen.getByRole('link', { name: 'Details' }));
    await user.click(await screen.findByRole('button', { name: 'Leave without saving' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/console/courses/prompting'));
    expect(seen.filter((r) => r.method === 'PUT')).toHaveLength(1);
  }, 30_000);
});

describe('revoking', () => {
  it('revokes the credential a gradebook completion earned, with the reason', async () => {
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === '/api/v1/courses/prompting') {
        return json(200, draft());
      }
      if (req.url.pathname === '/api/v1/courses/prompting/gradebook') {
        return json(200, {
          course_id: 'c1',
          course_slug: 'prompting',
          course_title: 'Prompting',
          columns: [],
          rows: [
            {
              enrolment_id: 'e1',
              learner_id: 'u7',
              learner_name: 'Ada Lovelace',
              learner_email: 'ada@example.org',
              version: 1,
              status: 'completed',
              enrolled_at: '2026-01-01T00:00:00Z',
              progress_percent: 100,
              grade_percent: 92.5,
              completion: { id: 'k1', grade_percent: 92.5, completed_at: '2026-02-01T00:00:00Z' },
              cells: [],
            },
            {
              enrolment_id: 'e2',
              learner_id: 'u8',
              learner_name: '',
              learner_email: '',
              version: 1,
              status: 'active',
              enrolled_at: '2026-01-01T00:00:00Z',
              progress_percent: 10,
              grade_percent: 0,
              cells: [],
            },
          ],
        });
      }
      if (req.url.pathname === '/api/v1/orgs/org1/credentials') {
        return json(200, { id: 'cr7', name: 'Prompting', issuer_name: 'Datenwerk', status: 'active', issued_at: '2026-02-01T00:00:00Z' });
      }
      if (req.url.pathname === '/api/v1/credentials/cr7/revoke') {
        return json(200, { id: 'cr7', status: 'revoked' });
      }
      return undefined;
    });
    const { user } = renderApp('/console/courses/prompting/gradebook');
    const revoke = await screen.findByRole('button', { name: 'Revoke credential (Ada Lovelace)' });
    expect(screen.getByRole('rowheader', { name: /Ada Lovelace ada@example\.org/ })).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'u8' })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /Revoke credential/ })).toHaveLength(1);
    await user.click(revoke);
    await user.click(screen.getByRole('button', { name: 'Revoke for good' }));
    expect(screen.getByLabelText('Reason')).toHaveAccessibleDescription(/Say why the credential is revoked\./);

    await user.type(screen.getByLabelText('Reason'), 'Plagiarism');
    await user.click(screen.getByRole('button', { name: 'Revoke for good' }));

    const done = await screen.findByText('The credential is revoked.');
    await waitFor(() => expect(done).toHaveFocus());
    expect(screen.getByRole('link', { name: 'See what verifiers now see' })).toHaveAttribute('href', '/verify/cr7');
    expect(seen.find((r) => r.url.pathname === '/api/v1/orgs/org1/credentials')?.body).toEqual({
      learner_id: 'u7',
      course_id: 'c1',
      grade: 92.5,
      completed_at: '2026-02-01T00:00:00Z',
    });
    expect(seen.find((r) => r.url.pathname.endsWith('/revoke'))?.body).toEqual({ reason: 'Plagiarism' });
  });

  it('revokes by a pasted verification link and says when no credential has the id', async () => {
    const seen = staff((req) => (req.url.pathname === '/api/v1/credentials/nope/revoke' ? problem(404) : undefined));
    const { user } = renderApp('/console/credentials');
    await user.type(await screen.findByLabelText('Credential identifier or link'), 'https://academy.example.org/verify/nope');
    await user.type(screen.getByLabelText('Reason'), 'Issued by mistake');
    await user.click(screen.getByRole('button', { name: 'Revoke for good' }));

    const field = screen.getByLabelText('Credential identifier or link');
    await waitFor(() => expect(field).toHaveAccessibleDescription(/No credential has this identifier\./));
    expect(seen.find((r) => r.url.pathname.endsWith('/revoke'))?.body).toEqual({ reason: 'Issued by mistake' });
  });
});

describe('duplicating a programme as a new intake', () => {
  const programme = { ...aProgramme({ slug: 'msc-ai-2027', institution: 'datenwerk' }), status: 'published' } as ProgrammeRecord;

  it('copies the programme into a draft for the next intake and opens it, after showing what the API refused', async () => {
    let copied: ProgrammeRecord | undefined;
    const seen = staff((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/programmes/msc-ai-2027':
          return json(200, programme);
        case 'GET /api/v1/programmes/msc-ai-2028':
          return copied ? json(200, copied) : problem(404);
        case 'POST /api/v1/programmes/msc-ai-2027/duplicate': {
          const body = req.body as { slug: string; intake: { start: string } };
          if (body.intake.start === '') {
            return validation([{ field: 'intake.start', message: 'is required' }]);
          }
          copied = { ...programme, id: 'p2', slug: body.slug, status: 'draft', intakes: [{ start: body.intake.start, deadline_eu: '', deadline_non_eu: '' }] };
          return json(201, copied);
        }
        default:
          return undefined;
      }
    });
    const { user, router } = renderApp('/console/programmes/msc-ai-2027');
    const section = (await screen.findByRole('heading', { level: 2, name: 'Duplicate as a new intake' })).closest('section')!;
    expect(within(section).getByLabelText(/^Slug of the copy/)).toHaveValue('msc-ai-2028');
    await user.click(within(section).getByRole('button', { name: 'Create the draft for this intake' }));
    expect(await within(section).findByText('Is required')).toBeInTheDocument();
    expect(within(section).getByLabelText(/^Start date/)).toHaveAttribute('aria-invalid', 'true');

    await user.type(within(section).getByLabelText(/^Start date/), '2028-09-18');
    await user.click(within(section).getByRole('button', { name: 'Create the draft for this intake' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/console/programmes/msc-ai-2028'));
    expect(seen.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({ slug: 'msc-ai-2028', intake: { start: '2028-09-18', deadline_eu: '', deadline_non_eu: '' } });
    expect(await screen.findByText('Draft')).toBeInTheDocument();
  });
});
