import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry, Competition, Flag } from '../api/competitions';
import type { Org } from '../api/console';
import { aCompetition, aCompetitionSummary, anEntry, aSubmission } from '../test/competitions';
import { json, problem, type SeenRequest } from '../test/http';
import { renderApp } from '../test/render';
import { signedIn } from '../test/session';
import { HOST_REFRESH_MS } from './CompetitionSubmissionsPage';

const datenwerk: Org = { id: 'org1', kind: 'provider', name: 'Datenwerk', slug: 'datenwerk', country: 'DE', verified: true, role: 'owner' };
const API = '/api/v1/competitions/penguins';

/** The penguins competition as its host loads it: a draft with its evaluation and no solution yet. */
function hosted(overrides: Partial<Competition> = {}): Competition {
  const base = aCompetition();
  return aCompetition({
    status: 'draft',
    host: { kind: 'org', org_id: 'org1', name: 'Datenwerk', slug: 'datenwerk' },
    version: 3,
    me: { joined: false, is_host: true },
    phases: base.phases.map((p) => ({
      ...p,
      evaluation: { id: p.id, title: p.title, start_at: p.start_at, end_at: p.end_at, evaluation: { metric: 'accuracy', id_column: 'id', target_column: 'species' } },
    })),
    ...overrides,
  });
}

/** A staff member of Datenwerk; other requests go to handle, and the audit log is empty unless handle answers it. */
function staff(handle: (req: SeenRequest) => Response | Promise<Response> | undefined): SeenRequest[] {
  return signedIn((req) => {
    if (req.url.pathname === '/api/v1/orgs') {
      return json(200, { items: [datenwerk] });
    }
    return handle(req) ?? (req.method === 'GET' && req.url.pathname === `${API}/host/audit` ? json(200, { items: [] }) : undefined);
  });
}

const csv = (name: string, text = 'id,species,Usage\n1,Adelie,Public\n') => new File([text], name, { type: 'text/csv' });

afterEach(() => {
  vi.useRealTimers();
});

describe('competitions in the console home', () => {
  it('lists the organisation’s competitions, drafts included, beside its courses and programmes', async () => {
    staff((req) => {
      if (req.url.pathname === '/api/v1/orgs/org1/competitions') {
        return json(200, { items: [aCompetitionSummary({ status: 'draft', title: 'Penguin species' })] });
      }
      if (req.url.pathname === '/api/v1/courses' || req.url.pathname === '/api/v1/programmes') {
        return json(200, { items: [] });
      }
      return undefined;
    });
    renderApp('/console');
    const table = await screen.findByRole('table', { name: 'Competitions' });
    expect(within(table).getByRole('link', { name: 'Penguin species' })).toHaveAttribute('href', '/console/competitions/penguins');
    expect(within(table).getByText('Draft')).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: 'Submissions of Penguin species' })).toHaveAttribute(
      'href',
      '/console/competitions/penguins/submissions',
    );
    expect(screen.getByRole('link', { name: 'New competition' })).toHaveAttribute('href', '/console/competitions/new?org=org1');
  });
});

describe('competition form', () => {
  it('creates a draft and shows every field the API refused, at its field and in one summary', async () => {
    const seen = staff((req) =>
      req.method === 'POST' && req.url.pathname === '/api/v1/orgs/org1/competitions'
        ? problem(422, {
            type: 'urn:academy:problem:validation-failed',
            code: 'validation-failed',
            problems: [
              { code: 'invalid', column: 'rules', message: 'must have 1 to 100000 characters' },
              { code: 'invalid', column: 'end_at', message: 'must be after start_at' },
              { code: 'invalid', column: 'phases[0].evaluation.target_column', message: 'must have 1 to 100 characters' },
            ],
          })
        : undefined,
    );
    const { user } = renderApp('/console/competitions/new?org=org1');
    await user.type(await screen.findByLabelText('Title', { selector: '#f-title' }), 'Penguin species');
    expect(screen.getByLabelText('Address (slug)')).toHaveValue('penguin-species');
    await user.selectOptions(screen.getByLabelText('Level'), 'Beginner');
    const phase = screen.getByRole('group', { name: 'Phase 1: main' });
    await user.selectOptions(within(phase).getByLabelText('Metric'), 'Root mean squared error (lower is better)');
    expect(within(phase).getByLabelText('Metric')).toHaveAccessibleDescription('Lower scores are better.');
    await user.click(screen.getByRole('button', { name: 'Create draft' }));

    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(summary).toHaveFocus());
    expect(within(summary).getByRole('link', { name: 'Rules: Must have 1 to 100000 characters' })).toHaveAttribute('href', '#f-rules');
    expect(within(summary).getByRole('link', { name: 'End: Must be after start_at' })).toHaveAttribute('href', '#f-end_at');
    expect(within(summary).getByRole('link', { name: 'Phase 1, Target column: Must have 1 to 100 characters' })).toHaveAttribute(
      'href',
      '#f-phases-0-evaluation-target_column',
    );
    expect(screen.getByRole('textbox', { name: 'Rules' })).toHaveAttribute('aria-invalid', 'true');
    expect(within(phase).getByLabelText('Target column')).toHaveAccessibleDescription(/Must have 1 to 100 characters/);

    const post = seen.find((r) => r.method === 'POST' && r.url.pathname === '/api/v1/orgs/org1/competitions');
    expect(post?.body).toMatchObject({
      title: 'Penguin species',
      slug: 'penguin-species',
      level: 'beginner',
      daily_limit: 5,
      phases: [{ id: 'main', evaluation: { metric: 'rmse', id_column: 'id' } }],
    });
    // Blank optional times are left out rather than sent as invalid ones.
    expect(post?.body).not.toHaveProperty('entry_deadline');
    expect(post?.body).not.toHaveProperty('start_at');
  });

  it('asks for K only for MAP@K, and adds and removes phases', async () => {
    staff(() => undefined);
    const { user } = renderApp('/console/competitions/new?org=org1');
    const first = await screen.findByRole('group', { name: 'Phase 1: main' });
    expect(within(first).queryByLabelText('K (predictions counted per row)')).not.toBeInTheDocument();
    await user.selectOptions(within(first).getByLabelText('Metric'), 'Mean average precision at K (higher is better)');
    expect(within(first).getByLabelText('K (predictions counted per row)')).toHaveValue('5');

    await user.click(screen.getByRole('button', { name: 'Add a phase' }));
    const second = screen.getByRole('group', { name: 'Phase 2: phase-1' });
    await user.click(within(second).getByRole('button', { name: 'Remove phase phase-1' }));
    expect(screen.queryByRole('group', { name: 'Phase 2: phase-1' })).not.toBeInTheDocument();
    expect(within(first).queryByRole('button', { name: /Remove phase/ })).not.toBeInTheDocument();
  });

  it('explains an edit conflict and reloads the version someone else saved', async () => {
    let loads = 0;
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        loads++;
        return json(200, loads === 1 ? hosted() : hosted({ title: 'Penguins, revised', version: 4 }));
      }
      if (req.method === 'PATCH' && req.url.pathname === API) {
        return problem(409, {
          type: 'urn:academy:problem:edit-conflict',
          code: 'edit-conflict',
          detail: 'the competition is at version 4, not 3; reload it and edit again',
        });
      }
      return undefined;
    });
    const { user } = renderApp('/console/competitions/penguins');
    const title = await screen.findByLabelText('Title', { selector: '#f-title' });
    await user.clear(title);
    await user.type(title, 'Penguins!');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    const notice = await screen.findByText(/Someone else saved this competition since you opened it/);
    expect(seen.find((r) => r.method === 'PATCH')?.headers.get('If-Match')).toBe('"3"');
    await user.click(within(notice.closest('div')!).getByRole('button', { name: 'Reload the competition' }));
    expect(await screen.findByLabelText('Title', { selector: '#f-title' })).toHaveValue('Penguins, revised');
    expect(screen.queryByText(/Someone else saved this competition/)).not.toBeInTheDocument();
  });

  it('sends the new version with the next save, and clears a deadline that was set', async () => {
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted({ entry_deadline: '2026-12-20T12:00:00Z', forum_url: 'https://forum.example.org' }));
      }
      if (req.method === 'PATCH' && req.url.pathname === API) {
        return json(200, hosted({ version: Number(req.headers.get('If-Match')?.replace(/"/g, '')) + 1 }));
      }
      return undefined;
    });
    const { user } = renderApp('/console/competitions/penguins');
    await user.clear(await screen.findByLabelText('Entry deadline'));
    await user.clear(screen.getByLabelText('Forum address'));
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await screen.findByText('Draft saved.');
    expect(seen.find((r) => r.method === 'PATCH')?.body).toMatchObject({ entry_deadline: null, forum_url: '', title: 'Penguin species' });
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'PATCH').map((r) => r.headers.get('If-Match'))).toEqual(['"3"', '"4"']));
  });

  it('replaces the default placement tiers with the host\'s own, and shows a tier\'s error at its field', async () => {
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted());
      }
      if (req.method === 'PATCH' && req.url.pathname === API) {
        return problem(400, {
          type: 'urn:academy:problem:validation-failed',
          code: 'validation-failed',
          detail: 'the request has invalid fields',
          errors: [{ field: 'tiers[0].top_ranks', message: 'must be from 1 to 1000' }],
        });
      }
      return undefined;
    });
    const { user } = renderApp('/console/competitions/penguins');
    expect(await screen.findByText(/The default tiers apply/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add a tier' }));
    await user.type(screen.getByLabelText('Name on the credential'), 'Gold');
    const ranks = screen.getByLabelText('Ranks 1 to');
    await user.clear(ranks);
    await user.type(ranks, '3');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(seen.find((r) => r.method === 'PATCH')?.body).toMatchObject({ tiers: [{ id: 'tier-1', name: 'Gold', top_ranks: 3 }] }));
    expect(await screen.findByRole('link', { name: /Tier 1: Ranks 1 to/ })).toBeInTheDocument();
  });

  it('says which phases still need a solution when publishing is refused', async () => {
    staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted());
      }
      if (req.method === 'PATCH' && req.url.pathname === API) {
        return json(200, hosted({ version: 4 }));
      }
      if (req.method === 'POST' && req.url.pathname === `${API}/publish`) {
        return problem(400, {
          type: 'urn:academy:problem:validation-failed',
          detail: 'the request has invalid fields',
          errors: [{ field: 'phases[0].solution', message: 'phase "main" has no solution yet: upload it first' }],
        });
      }
      return undefined;
    });
    const { user } = renderApp('/console/competitions/penguins');
    await user.click(await screen.findByRole('button', { name: 'Publish' }));

    const notice = await screen.findByRole('alert');
    expect(notice).toHaveTextContent('1 phase has no solution yet; upload it before publishing.');
    expect(within(notice).getByRole('link', { name: 'Go to the data' })).toHaveAttribute('href', '/console/competitions/penguins/data');
    expect(screen.queryByText(/Published/)).not.toBeInTheDocument();
  });
});

describe('competition data', () => {
  it('uploads a data file with its progress and deletes one', async () => {
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted());
      }
      if (req.method === 'PUT' && req.url.pathname === `${API}/files/sample.csv`) {
        return json(200, { name: 'sample.csv', size: 40, content_type: 'text/csv', description: 'A sample submission' });
      }
      if (req.method === 'DELETE' && req.url.pathname === `${API}/files/train.csv`) {
        return new Response(null, { status: 204 });
      }
      return undefined;
    });
    const { user } = renderApp('/console/competitions/penguins/data');
    const files = await screen.findByRole('table', { name: 'Data files' });
    await user.upload(screen.getByLabelText('Data file'), csv('sample.csv'));
    await user.type(screen.getByRole('textbox', { name: 'Description' }), 'A sample submission');
    await user.click(screen.getByRole('button', { name: 'Upload' }));

    expect(await within(files).findByRole('rowheader', { name: 'sample.csv' })).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PUT')?.url.searchParams.get('description')).toBe('A sample submission');
    await user.click(within(files).getByRole('button', { name: 'Remove train.csv' }));
    await waitFor(() => expect(within(files).queryByRole('rowheader', { name: 'train.csv' })).not.toBeInTheDocument());
  });

  it('uploads a phase’s solution and shows its split, or the problems of an invalid one', async () => {
    let attempt = 0;
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted());
      }
      if (req.method === 'PUT' && req.url.pathname === `${API}/phases/main/solution`) {
        attempt++;
        return attempt === 1
          ? problem(422, {
              type: 'urn:academy:problem:invalid-solution',
              code: 'invalid-solution',
              detail: 'the solution is not valid: 2 problem(s), see problems',
              problems: [
                { code: 'duplicate-id', line: 4, column: 'id', message: 'id 3 appears twice', count: 2, examples: ['3', '7'] },
                { code: 'missing-column', message: 'the header has no column species' },
              ],
            })
          : json(200, { rows: 100, public_rows: 30, private_rows: 70, header: ['id', 'species', 'Usage'] });
      }
      if (req.method === 'POST' && req.url.pathname === `${API}/phases/main/solution/link`) {
        return json(200, { url: `${API}/phases/main/solution/download?token=signed`, expires_at: '2026-11-10T09:05:00Z' });
      }
      return undefined;
    });
    const { user } = renderApp('/console/competitions/penguins/data');
    const form = await screen.findByRole('form', { name: 'Solution of Main' });
    expect(within(form).getByText('No solution uploaded yet.')).toBeInTheDocument();

    await user.upload(within(form).getByLabelText('Solution file (CSV)'), csv('bad.csv'));
    await user.click(within(form).getByRole('button', { name: 'Upload the solution' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('This solution cannot be used; nothing was replaced.');
    expect(alert).toHaveTextContent(/Line 4, column “id”: id 3 appears twice \(2 rows\) For example: 3, 7/);
    expect(alert).toHaveTextContent(/the header has no column species/);

    await user.upload(within(form).getByLabelText('Solution file (CSV)'), csv('solution.csv'));
    await user.click(within(form).getByRole('button', { name: 'Upload the solution' }));
    const split = await within(form).findByLabelText('Split of the solution');
    expect(split).toHaveTextContent('Rows100');
    expect(split).toHaveTextContent('Public rows30 (30%)');
    expect(split).toHaveTextContent('Private rows70 (70%)');
    expect(split).toHaveTextContent('Columnsid, species, Usage');
    expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(form).getByRole('button', { name: 'Replace the solution' })).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'PUT').map((r) => r.headers.get('Content-Type'))).toEqual(['text/csv', 'text/csv']);

    // The download goes through a short-lived link the browser follows, straight to disk.
    const followed: (string | null)[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      followed.push(this.getAttribute('href'));
    });
    await user.click(within(form).getByRole('button', { name: 'Download the solution' }));
    await waitFor(() => expect(followed).toEqual([`${API}/phases/main/solution/download?token=signed`]));
    expect(seen.some((r) => r.method === 'GET' && r.url.pathname.includes('/solution'))).toBe(false);
  });
});

describe('host submissions', () => {
  it('lists every team’s submissions with both scores and failures, and refreshes them', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let asked = 0;
    staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted({ status: 'running' }));
      }
      if (req.method === 'GET' && req.url.pathname === `${API}/host/submissions`) {
        asked++;
        const scoring = aSubmission({ id: 's3', team_id: 't-ada', team_name: 'Ada', status: 'scoring', public_score: undefined, file_name: 'ada.csv' });
        return json(200, {
          items: [
            asked === 1 ? scoring : { ...scoring, status: 'scored', public_score: 0.95, private_score: 0.93 },
            aSubmission({ id: 's2', team_id: 't-bob', team_name: 'Bob', status: 'failed', reason: 'the file has 12 rows, the solution 100', public_score: undefined }),
            aSubmission({ id: 's1', team_id: 't-lea', team_name: 'Lea', public_score: 0.9125, private_score: 0.9 }),
          ],
        });
      }
      return undefined;
    });
    renderApp('/console/competitions/penguins/submissions');
    const table = await screen.findByRole('table', { name: 'Submissions of every team' });
    const row = (team: string) => within(table).getByRole('rowheader', { name: team }).closest('tr')!;
    expect(row('Lea')).toHaveTextContent(/Scored.*0\.9125.*0\.9/);
    expect(row('Bob')).toHaveTextContent('Not scored: the file has 12 rows, the solution 100');
    expect(row('Ada')).toHaveTextContent('Being scored');

    await act(() => vi.advanceTimersByTimeAsync(HOST_REFRESH_MS));
    await waitFor(() => expect(row('Ada')).toHaveTextContent(/Scored.*0\.95.*0\.93/));
  });

  it('finalises only after a confirmation that says what finalising does', async () => {
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted({ status: 'finalising' }));
      }
      if (req.method === 'GET' && req.url.pathname === `${API}/host/submissions`) {
        return json(200, { items: [] });
      }
      if (req.method === 'POST' && req.url.pathname === `${API}/finalise`) {
        return new Response(null, { status: 202 });
      }
      return undefined;
    });
    const { user } = renderApp('/console/competitions/penguins/submissions');
    await user.click(await screen.findByRole('button', { name: 'Finalise the results…' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveAccessibleName(/freezes the private leaderboard.*awards participation and placement credentials/);
    await waitFor(() => expect(dialog).toHaveFocus());
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(seen.some((r) => r.url.pathname.endsWith('/finalise'))).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Finalise the results…' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Finalise now' }));
    expect(await screen.findByText(/Finalisation has started/)).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'POST' && r.url.pathname === `${API}/finalise`)).toHaveLength(1);
  });

  it('tells the host when finalising becomes possible while the competition runs', async () => {
    staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted({ status: 'running' }));
      }
      if (req.method === 'GET' && req.url.pathname === `${API}/host/submissions`) {
        return json(200, { items: [] });
      }
      return undefined;
    });
    renderApp('/console/competitions/penguins/submissions');
    expect(await screen.findByText(/You can finalise the results once the competition has ended, on Jan 29, 2027/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Finalise the results…' })).not.toBeInTheDocument();
  });
});

describe('console routes', () => {
  it('opens a section from a deep link and moves between sections and back with the history', async () => {
    staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted());
      }
      if (req.method === 'GET' && req.url.pathname === `${API}/host/submissions`) {
        return json(200, { items: [] });
      }
      return undefined;
    });
    const { user, router } = renderApp('/console/competitions/penguins/data');
    const sections = await screen.findByRole('navigation', { name: 'Competition sections' });
    expect(within(sections).getByRole('link', { name: 'Data' })).toHaveAttribute('aria-current', 'page');
    await user.click(within(sections).getByRole('link', { name: 'Submissions' }));
    expect(await screen.findByRole('heading', { name: 'Submissions of every team' })).toBeInTheDocument();
    await act(() => router.navigate(-1));
    expect(await screen.findByRole('heading', { name: 'Data files' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/console/competitions/penguins/data');
  });
});

describe('host integrity tools', () => {
  it('disqualifies a team only with a reason, and offers to reinstate a team disqualified before', async () => {
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted({ status: 'running' }));
      }
      if (req.method === 'GET' && req.url.pathname === `${API}/host/submissions`) {
        return json(200, {
          items: [
            aSubmission({ id: 's3', team_id: 't-lea' }),
            aSubmission({ id: 's2', team_id: 't-bob' }),
            aSubmission({ id: 's1', team_id: 'host', baseline: true, baseline_name: 'Majority class', public_score: 0.44 }),
          ],
        });
      }
      if (req.method === 'GET' && req.url.pathname === `${API}/host/audit`) {
        return json(200, { items: [{ id: 'a1', action: 'disqualify', team_id: 't-bob', by: 'u1', at: '2026-12-01T10:00:00Z', reason: 'shared accounts' }] });
      }
      if (req.method === 'POST' && req.url.pathname === `${API}/teams/t-lea/disqualification`) {
        return json(200, { ...anEntry().team, disqualified: true, disqualified_reason: 'copied the file' });
      }
      return undefined;
    });
    const { user } = renderApp('/console/competitions/penguins/submissions');
    const table = await screen.findByRole('table', { name: 'Submissions of every team' });
    const row = (team: string) => within(table).getByRole('rowheader', { name: new RegExp(`^${team}`) }).closest('tr')!;
    expect(await within(row('t-bob')).findByText('Disqualified')).toBeInTheDocument();
    expect(within(row('t-bob')).getByRole('button', { name: 'Reinstate team t-bob' })).toBeInTheDocument();
    expect(row('Majority class')).toHaveTextContent('Baseline');
    expect(within(row('Majority class')).queryByRole('button')).toBeNull();

    await user.click(within(row('t-lea')).getByRole('button', { name: 'Disqualify team t-lea' }));
    const form = screen.getByRole('form', { name: 'Disqualify team t-lea' });
    expect(form).toHaveTextContent('A disqualified team is taken off both leaderboards');
    await waitFor(() => expect(within(form).getByLabelText('Reason')).toHaveFocus());
    await user.click(within(form).getByRole('button', { name: 'Disqualify the team' }));
    expect(within(form).getByLabelText('Reason')).toHaveAccessibleDescription(/Give a reason of at least 3 characters\./);
    expect(seen.some((r) => r.method === 'POST' && r.url.pathname.startsWith(API))).toBe(false);

    await user.type(within(form).getByLabelText('Reason'), 'copied the file');
    await user.click(within(form).getByRole('button', { name: 'Disqualify the team' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Disqualify team t-lea' })).toBeNull());
    expect(within(row('t-lea')).getByText('Disqualified')).toBeInTheDocument();
    expect(within(row('t-lea')).getByRole('button', { name: 'Reinstate team t-lea' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Submissions of every team' })).toHaveFocus());
    expect(seen.find((r) => r.method === 'POST' && r.url.pathname.startsWith(API))!.body).toEqual({ reason: 'copied the file' });
  });

  it('submits a baseline under its name and shows what is wrong with an invalid file', async () => {
    let attempt = 0;
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted({ status: 'running' }));
      }
      if (req.method === 'GET' && req.url.pathname === `${API}/host/submissions`) {
        return json(200, { items: [] });
      }
      if (req.method === 'POST' && req.url.pathname === `${API}/host/baseline`) {
        attempt++;
        return attempt === 1
          ? problem(422, {
              type: 'urn:academy:problem:invalid-submission',
              code: 'invalid-submission',
              problems: [{ code: 'missing-ids', message: 'Some ids of the test set are missing.', count: 2, examples: ['7', '9'] }],
            })
          : json(202, aSubmission({ id: 'b1', team_id: '', status: 'queued', baseline: true, baseline_name: 'Majority class', public_score: undefined }));
      }
      return undefined;
    });
    const { user } = renderApp('/console/competitions/penguins/submissions');
    const form = await screen.findByRole('form', { name: 'Baseline' });
    await user.click(within(form).getByRole('button', { name: 'Submit the baseline' }));
    expect(within(form).getByLabelText('Baseline prediction file')).toHaveAccessibleDescription(/Choose a file to upload\./);

    await user.type(within(form).getByLabelText('Name on the leaderboard'), 'Majority class');
    await user.upload(within(form).getByLabelText('Baseline prediction file'), csv('short.csv'));
    await user.click(within(form).getByRole('button', { name: 'Submit the baseline' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('This baseline file was not accepted; nothing was submitted.');
    expect(alert).toHaveTextContent('Some ids of the test set are missing. (2 rows) For example: 7, 9.');

    await user.upload(within(form).getByLabelText('Baseline prediction file'), csv('majority.csv'));
    await user.click(within(form).getByRole('button', { name: 'Submit the baseline' }));
    expect(await within(form).findByText('Majority class was submitted and is being scored.')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Submissions of every team' });
    expect(within(table).getByRole('rowheader', { name: 'Majority class Baseline' })).toBeInTheDocument();
    const upload = seen.filter((r) => r.method === 'POST' && r.url.pathname === `${API}/host/baseline`).at(-1)!;
    expect(upload.url.searchParams.get('name')).toBe('Majority class');
    expect(upload.url.searchParams.get('file_name')).toBe('majority.csv');
    expect(upload.headers.get('Content-Type')).toBe('text/csv');
  });

  it('lists the integrity flags with their detail and records the host’s decision', async () => {
    const pair: Flag = {
      id: 'near-identical:main:t-adelie:t-gentoo',
      kind: 'near-identical',
      phase_id: 'main',
      team_ids: ['t-adelie', 't-gentoo'],
      team_names: ['Adelies', 'Gentoos'],
      agreement: 0.995,
      detail: 'the best submissions agree on 199 of 200 labels',
      detected_at: '2026-12-01T10:00:00Z',
    };
    const quick: Flag = {
      id: 'quick-top-score:main:t-ada:u9',
      kind: 'quick-top-score',
      phase_id: 'main',
      team_ids: ['t-ada'],
      team_names: ['Ada'],
      user_id: 'u9',
      detail: 'joined 3 minutes before a top-decile score',
      detected_at: '2026-12-01T11:00:00Z',
      decision: { decision: 'dismiss', reason: 'a strong student', by: 'u1', at: '2026-12-01T12:00:00Z' },
    };
    const seen = staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted({ status: 'running' }));
      }
      if (req.method === 'GET' && req.url.pathname === `${API}/host/flags`) {
        return json(200, { computed_at: '2026-12-01T10:00:00Z', pending: true, items: [pair, quick] });
      }
      if (req.method === 'POST' && req.url.pathname.startsWith(`${API}/host/flags/`)) {
        return json(200, { ...pair, decision: { decision: 'disqualify', reason: 'copied the file', by: 'u1', at: '2026-12-02T09:00:00Z' } });
      }
      return undefined;
    });
    const { user } = renderApp('/console/competitions/penguins/flags');
    const card = await screen.findByRole('article', { name: 'Near-identical predictions: Adelies and Gentoos' });
    expect(card).toHaveTextContent('Agreement99.5%');
    expect(card).toHaveTextContent('the best submissions agree on 199 of 200 labels');
    const decided = screen.getByRole('article', { name: 'Top score right after joining: Ada' });
    expect(decided).toHaveTextContent(/Dismissed on .*: a strong student/);
    expect(within(decided).queryByRole('form')).toBeNull();
    expect(screen.getByText(/New scores have arrived since/)).toBeInTheDocument();

    await user.click(within(card).getByRole('radio', { name: 'Disqualify a team' }));
    await user.selectOptions(within(card).getByLabelText('Team to disqualify'), 'Gentoos');
    await user.type(within(card).getByLabelText('Reason'), 'copied the file');
    await user.click(within(card).getByRole('button', { name: 'Record the decision' }));
    expect(await within(card).findByText(/Disqualified on .*: copied the file/)).toBeInTheDocument();
    const post = seen.find((r) => r.method === 'POST' && r.url.pathname.startsWith(API))!;
    expect(post.url.pathname).toBe(`${API}/host/flags/near-identical:main:t-adelie:t-gentoo/decision`);
    expect(post.body).toEqual({ decision: 'disqualify', reason: 'copied the file', team_id: 't-gentoo' });
  });

  it('lists the audit log of the hosts’ decisions, newest first, page by page', async () => {
    const entry = (id: string, overrides: Partial<AuditEntry>): AuditEntry => ({ id, action: 'disqualify', by: 'u1', at: '2026-12-01T10:00:00Z', reason: 'copied', ...overrides });
    staff((req) => {
      if (req.method === 'GET' && req.url.pathname === API) {
        return json(200, hosted({ status: 'running' }));
      }
      if (req.method === 'GET' && req.url.pathname === `${API}/host/audit`) {
        return req.url.searchParams.get('cursor') === 'a2'
          ? json(200, { items: [entry('a1', { team_id: 't-bob', reason: 'shared accounts' })] })
          : json(200, {
              items: [
                entry('a3', { action: 'reinstate', team_id: 't-bob', reason: 'appeal upheld' }),
                entry('a2', { action: 'dismiss-flag', flag_id: 'quick-top-score:main:t-ada:u9', reason: 'a strong student' }),
              ],
              next_cursor: 'a2',
            });
      }
      return undefined;
    });
    const { user } = renderApp('/console/competitions/penguins/audit');
    const table = await screen.findByRole('table', { name: 'Audit log' });
    let rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent(/Reinstated.*t-bob.*u1.*appeal upheld/);
    expect(rows[1]).toHaveTextContent(/Flag dismissed \(flag quick-top-score:main:t-ada:u9\).*a strong student/);
    await user.click(screen.getByRole('button', { name: 'Show older decisions' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    rows = within(table).getAllByRole('row').slice(1);
    expect(rows[2]).toHaveTextContent(/Disqualified.*t-bob.*shared accounts/);
    expect(screen.queryByRole('button', { name: 'Show older decisions' })).toBeNull();
  });
});
