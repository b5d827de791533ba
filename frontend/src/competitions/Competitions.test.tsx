import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { formatters } from '../i18n/format';
import i18n from '../i18n';
import { aBoardEntry, aCompetition, aCompetitionSummary, aLeaderboard, anEntry, aSubmission } from '../test/competitions';
import { fakeServer, json, problem, type SeenRequest } from '../test/http';
import { renderApp } from '../test/render';
import { signedIn } from '../test/session';
import type { Competition, Invitation, Submission } from '../api/competitions';

const API = '/api/v1/competitions/penguins';

// Intl uses narrow or regular no-break spaces; compare with plain spaces.
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** The public routes of one competition; handle answers the rest first. */
function publicRoutes(req: SeenRequest, competition: Competition = aCompetition()): Response | undefined {
  if (req.method === 'GET' && req.url.pathname === API) {
    return json(200, competition);
  }
  if (req.method === 'GET' && req.url.pathname === `${API}/leaderboard`) {
    return json(200, aLeaderboard());
  }
  return undefined;
}

/** Lea, signed in and already taking part, with her team's submissions and whatever handle answers. */
function joined(handle: (req: SeenRequest) => Response | Promise<Response> | undefined = () => undefined, submissions: Submission[] = []) {
  return signedIn((req) => {
    const answer = handle(req);
    if (answer) {
      return answer;
    }
    if (req.method === 'GET' && req.url.pathname === `${API}/entry`) {
      return json(200, anEntry());
    }
    if (req.method === 'GET' && req.url.pathname === `${API}/submissions`) {
      return json(200, { items: submissions });
    }
    if (req.method === 'GET' && req.url.pathname === `${API}/team/invitations`) {
      return json(200, { sent: [], received: [] });
    }
    return publicRoutes(req);
  });
}

describe('competition list', () => {
  it('lists the running competitions with host, dates, metric, teams, level and skills, and filters by status', async () => {
    const seen = fakeServer((req) =>
      req.url.pathname === '/api/v1/competitions'
        ? json(200, { items: req.url.searchParams.get('status') === 'running' ? [aCompetitionSummary()] : [] })
        : problem(404),
    );
    const { user } = renderApp('/competitions');
    expect(await screen.findByRole('heading', { level: 1, name: 'Competitions' })).toBeInTheDocument();
    const card = (await screen.findByRole('link', { name: 'Penguin species' })).closest('article')!;
    expect(within(card).getByRole('link', { name: 'Penguin species' })).toHaveAttribute('href', '/competitions/penguins');
    for (const text of ['Hosted by AI Skills Academy', 'Nov 2, 2026 – Jan 29, 2027', 'Scored by Accuracy', '12 teams', 'Beginner']) {
      expect(within(card).getByText((_, el) => el?.tagName === 'LI' && plain(el.textContent) === text)).toBeInTheDocument();
    }
    expect(within(card).getByRole('link', { name: 'machine learning' })).toHaveAttribute('href', '/search?skills=sk-ml');

    const filters = screen.getByRole('navigation', { name: 'Competitions by status' });
    expect(within(filters).getByRole('link', { name: 'Running' })).toHaveAttribute('aria-current', 'page');
    await user.click(within(filters).getByRole('link', { name: 'Upcoming' }));
    expect(await screen.findByText('No competition has been announced yet.')).toBeInTheDocument();
    expect(within(filters).getByRole('link', { name: 'Upcoming' })).toHaveAttribute('aria-current', 'page');
    expect(seen.map((r) => r.url.searchParams.get('status'))).toEqual(['running', 'upcoming']);
  });

  it('writes the dates the way French does', async () => {
    await i18n.changeLanguage('fr');
    fakeServer((req) => (req.url.pathname === '/api/v1/competitions' ? json(200, { items: [aCompetitionSummary()] }) : problem(404)));
    renderApp('/competitions');
    const card = (await screen.findByRole('link', { name: 'Penguin species' })).closest('article')!;
    expect(within(card).getByText((_, el) => el?.tagName === 'LI' && plain(el.textContent) === '2 nov. 2026 – 29 janv. 2027')).toBeInTheDocument();
    expect(within(card).getByText('12 équipes')).toBeInTheDocument();
  });
});

describe('competition page', () => {
  it('opens a tab from a deep link, moves between tabs and back with the history', async () => {
    fakeServer((req) => publicRoutes(req) ?? problem(404));
    const { user, router } = renderApp('/competitions/penguins/leaderboard');
    expect(await screen.findByRole('heading', { level: 1, name: 'Penguin species' })).toBeInTheDocument();
    const tabs = screen.getByRole('navigation', { name: 'Competition sections' });
    expect(await screen.findByRole('heading', { level: 2, name: 'Leaderboard' })).toBeInTheDocument();
    expect(within(tabs).getByRole('link', { name: 'Leaderboard' })).toHaveAttribute('aria-current', 'page');

    await user.click(within(tabs).getByRole('link', { name: 'Overview' }));
    expect(await screen.findByRole('heading', { level: 3, name: 'The task' })).toBeInTheDocument();
    expect(screen.getByText('species').tagName).toBe('STRONG');
    expect(router.state.location.pathname).toBe('/competitions/penguins');

    await user.click(within(tabs).getByRole('link', { name: 'Rules' }));
    expect(await screen.findByText('One account per person. Submit at most five files a day.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/competitions/penguins/rules');

    await router.navigate(-1);
    expect(await screen.findByRole('heading', { level: 3, name: 'The task' })).toBeInTheDocument();
    expect(within(tabs).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  });

  it('lists the placement awards the competition gives, and participation', async () => {
    fakeServer((req) => publicRoutes(req) ?? problem(404));
    renderApp('/competitions/penguins');
    const awards = await screen.findByRole('heading', { level: 2, name: 'Awards' });
    const list = within(awards.closest('.card') as HTMLElement);
    expect(list.getByText('Winner').nextElementSibling).toHaveTextContent('first place');
    expect(list.getByText('Top 10 %').nextElementSibling).toHaveTextContent('the top 10 % of the teams');
    expect(list.getByText('Participant').nextElementSibling).toHaveTextContent('any team with a scored submission');
  });

  it('says so when the competition does not exist', async () => {
    fakeServer(() => problem(404));
    renderApp('/competitions/no-such/data');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
  });
});

describe('data and rules', () => {
  it('lists the files with their sizes and asks a visitor to sign in before downloading', async () => {
    fakeServer((req) => publicRoutes(req) ?? problem(404));
    renderApp('/competitions/penguins/data');
    const table = await screen.findByRole('table', { name: 'Data files' });
    const rows = within(table).getAllByRole('row').slice(1).map((r) => plain(r.textContent));
    expect(rows).toEqual(['train.csvMeasurements with species14.2 kB', 'test.csvMeasurements to predict2 MB']);
    expect(within(table).queryByRole('button')).toBeNull();
    expect(screen.getByText('Accept the rules to download the data.')).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Sign in' }).some((a) => a.getAttribute('href') === '/signin?next=%2Fcompetitions%2Fpenguins%2Fdata')).toBe(true);
  });

  it('joins only once the rules are ticked, then offers the downloads', async () => {
    let entered = false;
    const seen = signedIn((req) => {
      if (req.url.pathname === `${API}/entry`) {
        if (req.method === 'POST') {
          entered = true;
          return json(201, anEntry());
        }
        return entered ? json(200, anEntry()) : problem(404, { code: 'not-joined' });
      }
      return publicRoutes(req);
    });
    const { user } = renderApp('/competitions/penguins/rules');
    const join = await screen.findByRole('button', { name: 'Join the competition' });
    await user.click(join);
    const box = screen.getByRole('checkbox', { name: 'I accept the rules' });
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(box).toHaveAccessibleDescription('Tick the box to accept the rules before joining.');
    expect(seen.filter((r) => r.method === 'POST' && r.url.pathname.startsWith(API))).toHaveLength(0);

    await user.click(box);
    await user.click(join);
    expect(await screen.findByText(/^You accepted the rules on /)).toBeInTheDocument();
    expect(screen.getByText('You are taking part as Lea.')).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'POST' && r.url.pathname.startsWith(API)).map((r) => r.body)).toEqual([{ accept_rules: true }]);

    await user.click(screen.getByRole('link', { name: 'Data' }));
    expect(await screen.findByRole('button', { name: 'Download train.csv' })).toBeInTheDocument();
    expect(screen.queryByText('Accept the rules to download the data.')).toBeNull();
  });

  it('downloads a file by following a short-lived link, so the browser streams it to disk', async () => {
    // jsdom cannot navigate: record where the browser was sent instead.
    const followed: { href: string | null; download: string | null }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      followed.push({ href: this.getAttribute('href'), download: this.getAttribute('download') });
    });
    const url = `${API}/files/train.csv/download?token=signed`;
    const seen = joined((req) => {
      if (req.method === 'POST' && req.url.pathname === `${API}/files/train.csv/link`) {
        return json(200, { url, expires_at: '2026-11-10T09:05:00Z' });
      }
      if (req.method === 'POST' && req.url.pathname === `${API}/files/test.csv/link`) {
        return problem(403, { code: 'rules-not-accepted', detail: 'Accept the rules to download the data.' });
      }
      return undefined;
    });
    const { user } = renderApp('/competitions/penguins/data');
    await user.click(await screen.findByRole('button', { name: 'Download train.csv' }));
    await waitFor(() => expect(followed).toEqual([{ href: url, download: '' }]));
    // The file itself never goes through script: only the link is asked for.
    expect(seen.filter((r) => r.url.pathname.startsWith(`${API}/files/`)).map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      `POST ${API}/files/train.csv/link`,
    ]);

    await user.click(screen.getByRole('button', { name: 'Download test.csv' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Accept the rules to download the data.');
    expect(followed).toHaveLength(1);
  });

  it('explains why joining was refused', async () => {
    signedIn((req) => {
      if (req.url.pathname === `${API}/entry`) {
        return req.method === 'POST'
          ? problem(409, { code: 'entry-closed', detail: 'The entry deadline has passed.' })
          : problem(404, { code: 'not-joined' });
      }
      return publicRoutes(req);
    });
    const { user } = renderApp('/competitions/penguins/rules');
    await user.click(await screen.findByRole('checkbox', { name: 'I accept the rules' }));
    await user.click(screen.getByRole('button', { name: 'Join the competition' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The entry deadline has passed.');
  });
});

describe('submitting', () => {
  const csv = () => new File(['id,species\n1,Adelie\n'], 'predictions.csv', { type: 'text/csv' });

  it('asks for a file before sending anything', async () => {
    const seen = joined();
    const { user } = renderApp('/competitions/penguins/submissions');
    await user.click(await screen.findByRole('button', { name: 'Submit' }));
    expect(screen.getByLabelText('Prediction file')).toHaveAccessibleDescription(/Choose a prediction file to submit\./);
    expect(seen.filter((r) => r.method === 'POST' && r.url.pathname.startsWith(API))).toHaveLength(0);
  });

  it('lists what is wrong with an invalid file, at the line and column, with examples', async () => {
    const seen = joined((req) =>
      req.method === 'POST' && req.url.pathname === `${API}/submissions`
        ? problem(422, {
            code: 'invalid-submission',
            problems: [
              { code: 'missing-ids', message: 'Some ids of the test set are missing.', count: 3, examples: ['101', '102', '103'] },
              { code: 'not-a-label', line: 7, column: 'species', message: '"Emperor" is not one of the species.' },
            ],
          })
        : undefined,
    );
    const { user } = renderApp('/competitions/penguins/submissions');
    await user.upload(await screen.findByLabelText('Prediction file'), csv());
    await user.type(screen.getByLabelText('Description (optional)'), 'random forest');
    await user.click(screen.getByRole('button', { name: 'Submit' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The file was not accepted. It does not count against your submissions.');
    const items = within(alert).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'Some ids of the test set are missing. (3 rows) For example: 101, 102, 103.',
      'Line 7, column “species”: "Emperor" is not one of the species.',
    ]);
    // Focus moves once the alert is shown, in the effect after the render that shows it.
    await waitFor(() => expect(alert).toHaveFocus());
    const upload = seen.find((r) => r.method === 'POST' && r.url.pathname.startsWith(API))!;
    expect(upload.headers.get('Content-Type')).toBe('text/csv');
    expect(upload.url.searchParams.get('description')).toBe('random forest');
    expect(upload.url.searchParams.get('file_name')).toBe('predictions.csv');
    expect(upload.body).toBeInstanceOf(File);
  });

  it('tells when the daily quota starts again', async () => {
    joined((req) =>
      req.method === 'POST' && req.url.pathname === `${API}/submissions`
        ? problem(429, { code: 'daily-limit-reached', resets_at: '2026-12-03T00:00:00Z' })
        : undefined,
    );
    const { user } = renderApp('/competitions/penguins/submissions');
    await user.upload(await screen.findByLabelText('Prediction file'), csv());
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    const when = formatters('en').date('2026-12-03T00:00:00Z', { dateStyle: 'medium', timeStyle: 'short' });
    expect(await screen.findByRole('alert')).toHaveTextContent(`Your team has used all of today's submissions. You can submit again from ${when}.`);
  });

  it('shows the upload progress, then the status moving live from queued to scored', async () => {
    let answerUpload: (r: Response) => void = () => {};
    const polls: string[] = [];
    const answers = [
      aSubmission({ id: 's9', status: 'scoring', public_score: undefined }),
      aSubmission({ id: 's9', status: 'scored', public_score: 0.93 }),
    ];
    joined(
      (req) => {
        if (req.method === 'POST' && req.url.pathname === `${API}/submissions`) {
          return new Promise<Response>((resolve) => (answerUpload = resolve));
        }
        if (req.url.pathname === `${API}/submissions/s9`) {
          polls.push(req.url.searchParams.get('wait') ?? '');
          return json(200, answers.shift() ?? aSubmission({ id: 's9', status: 'scored', public_score: 0.93 }));
        }
        return undefined;
      },
      [aSubmission({ id: 's1', file_name: 'first.csv', public_score: 0.8 })],
    );
    const { user } = renderApp('/competitions/penguins/submissions');
    await user.upload(await screen.findByLabelText('Prediction file'), csv());
    await user.click(screen.getByRole('button', { name: 'Submit' }));

    const bar = await screen.findByRole('progressbar', { name: 'Upload progress' });
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '100'));
    expect(bar).toHaveAttribute('aria-valuemin', '0');
    expect(bar).toHaveAttribute('aria-valuemax', '100');
    expect(screen.getByRole('button', { name: 'Submit' })).toBeDisabled();

    answerUpload(json(202, aSubmission({ id: 's9', status: 'queued', queue_position: 2, public_score: undefined })));
    const table = await screen.findByRole('table', { name: "My team's submissions, newest first" });
    expect(await within(table).findByText('Waiting to be scored (position 2)')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).toBeNull();

    const live = screen.getByText((_, el) => el?.getAttribute('aria-live') === 'polite' && el.getAttribute('role') === 'status');
    await waitFor(() => expect(live).toHaveTextContent('predictions.csv was scored: public score 0.93.'));
    const [newest, older] = within(table).getAllByRole('row').slice(1);
    expect(newest).toHaveTextContent('Scored');
    expect(newest).toHaveTextContent('0.93');
    expect(older).toHaveTextContent('first.csv');
    expect(polls.every((w) => w === 'final')).toBe(true);
    expect(polls.length).toBeGreaterThanOrEqual(2);
  });
});

describe('after the end', () => {
  it('takes no more submissions or participants', async () => {
    const finished = aCompetition({ status: 'finished' });
    joined((req) => (req.method === 'GET' && req.url.pathname === API ? json(200, finished) : undefined), [aSubmission({ private_score: 0.88 })]);
    renderApp('/competitions/penguins/submissions');
    expect(await screen.findByText('The competition has ended: no more submissions are taken.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Prediction file')).toBeNull();
    const table = await screen.findByRole('table', { name: "My team's submissions, newest first" });
    expect(within(table).getByRole('columnheader', { name: 'Private score' })).toBeInTheDocument();
    expect(within(table).getByText('0.88')).toBeInTheDocument();
  });

  it('tells a visitor that entries are closed', async () => {
    fakeServer((req) => publicRoutes(req, aCompetition({ status: 'finished' })) ?? problem(404));
    renderApp('/competitions/penguins/rules');
    expect(await screen.findByText('The competition has ended: it no longer takes new participants.')).toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: 'I accept the rules' })).toBeNull();
  });
});

describe('leaderboard', () => {
  it('shows the private board after the end with the shake-up, my team marked and the baseline unranked', async () => {
    const seen = fakeServer((req) => {
      if (req.url.pathname === `${API}/leaderboard`) {
        return json(
          200,
          aLeaderboard({
            board: 'private',
            frozen: true,
            total: 3,
            items: [
              aBoardEntry(1, 'Gentoo', 0.97, { public_rank: 4 }),
              aBoardEntry(2, 'Lea', 0.95, { public_rank: 1, is_me: true }),
              aBoardEntry(3, 'Adelie', 0.9, { public_rank: 3 }),
            ],
            baselines: [{ name: 'Majority class', score: 0.44 }],
          }),
        );
      }
      return publicRoutes(req, aCompetition({ status: 'finished' })) ?? problem(404);
    });
    renderApp('/competitions/penguins/leaderboard');
    const table = await screen.findByRole('table', { name: 'Private leaderboard, 3 teams' });
    expect(within(table).getByRole('columnheader', { name: 'Public rank → private rank' })).toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Gentoo', 'Lea (your team)', 'Adelie', 'Majority class Baseline']);
    expect(rows[0]).toHaveTextContent('4 → 1 (up 3 places)');
    expect(rows[1]).toHaveTextContent('1 → 2 (down 1 place)');
    expect(rows[1]).toHaveAttribute('aria-current', 'true');
    expect(rows[2]).toHaveTextContent('3 → 3 (unchanged)');
    expect(rows[3]).toHaveTextContent('Not ranked');
    expect(screen.getByText('This leaderboard is final.')).toBeInTheDocument();
    expect(seen.find((r) => r.url.pathname === `${API}/leaderboard`)!.url.searchParams.get('board')).toBe('private');
  });

  it('pages through the public board while the competition runs', async () => {
    const seen = fakeServer((req) => {
      if (req.url.pathname === `${API}/leaderboard`) {
        return req.url.searchParams.get('cursor') === 'p2'
          ? json(200, aLeaderboard({ total: 2, items: [aBoardEntry(2, 'Adelie', 0.8)] }))
          : json(200, aLeaderboard({ total: 2, items: [aBoardEntry(1, 'Gentoo', 0.9)], next_cursor: 'p2' }));
      }
      return publicRoutes(req) ?? problem(404);
    });
    const { user } = renderApp('/competitions/penguins/leaderboard');
    const table = await screen.findByRole('table', { name: 'Public leaderboard, 2 teams' });
    expect(within(table).queryByRole('columnheader', { name: 'Public rank → private rank' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Leaderboard' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Adelie')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('Gentoo')).toBeInTheDocument();
    expect(seen.filter((r) => r.url.pathname === `${API}/leaderboard`).map((r) => r.url.searchParams.get('board'))).toContain('public');
  });
});

describe('team', () => {
  it('lists the members and renames the team', async () => {
    const seen = joined((req) => (req.method === 'PATCH' && req.url.pathname === `${API}/team` ? json(200, { ...anEntry().team, name: 'Rockhoppers' }) : undefined));
    const { user } = renderApp('/competitions/penguins/team');
    expect(await screen.findByRole('heading', { name: '1 member' })).toBeInTheDocument();
    const name = screen.getByLabelText('Name shown on the leaderboard');
    await user.clear(name);
    await user.type(name, 'Rockhoppers');
    await user.click(screen.getByRole('button', { name: 'Rename the team' }));
    expect(await screen.findByText('Your team is now called Rockhoppers.')).toBeInTheDocument();
    expect(screen.getByText('You are taking part as Rockhoppers.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PATCH')!.body).toEqual({ name: 'Rockhoppers' });
  });
});

/** An invitation to Lea's team, or from another team to Lea. */
function anInvitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: 'i1',
    team_id: 't-lea',
    team_name: 'Lea',
    invitee_id: 'u7',
    invitee_name: 'Ada',
    invited_by: 'u2',
    status: 'pending',
    created_at: '2026-12-01T10:00:00Z',
    ...overrides,
  };
}

describe('team invitations', () => {
  it('invites a participant by user id or email address, lists the invitations by name, and accepts one to join that team', async () => {
    const gentoo = anInvitation({ id: 'i9', team_id: 't-gentoo', team_name: 'Gentoos', invitee_id: 'u2', invitee_name: 'Lea', invited_by: 'u5' });
    const seen = joined((req) => {
      if (req.method === 'GET' && req.url.pathname === `${API}/team/invitations`) {
        return json(200, { sent: [anInvitation()], received: [gentoo] });
      }
      if (req.method === 'POST' && req.url.pathname === `${API}/team/invitations`) {
        return json(201, anInvitation({ id: 'i2', invitee_id: 'u8', invitee_name: 'Bruno' }));
      }
      if (req.method === 'POST' && req.url.pathname === `${API}/team/invitations/i9/accept`) {
        return json(200, {
          ...anEntry().team,
          id: 't-gentoo',
          name: 'Gentoos',
          members: [
            { user_id: 'u5', name: 'Sami' },
            { user_id: 'u2', name: 'Lea' },
          ],
        });
      }
      return undefined;
    });
    const { user } = renderApp('/competitions/penguins/team');
    expect(await screen.findByText('u2')).toBeInTheDocument();
    const sent = await screen.findByRole('region', { name: 'Invitations your team sent' });
    expect(await within(sent).findByText(/Ada/)).toHaveTextContent('Ada Waiting for an answer');

    await user.click(screen.getByRole('button', { name: 'Send the invitation' }));
    const field = screen.getByLabelText('Their email address or user id');
    expect(field).toHaveAccessibleDescription(/Enter the email address or user id of the person to invite\./);
    await user.type(field, 'u8');
    await user.click(screen.getByRole('button', { name: 'Send the invitation' }));
    expect(await within(sent).findByText(/Bruno/)).toHaveTextContent('Bruno Waiting for an answer');
    await user.type(field, ' bruno@example.org ');
    await user.click(screen.getByRole('button', { name: 'Send the invitation' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'POST' && r.url.pathname === `${API}/team/invitations`)).toHaveLength(2));
    const invites = seen.filter((r) => r.method === 'POST' && r.url.pathname === `${API}/team/invitations`).map((r) => r.body);
    expect(invites).toEqual([{ user_id: 'u8' }, { email: 'bruno@example.org' }]);

    const received = screen.getByRole('region', { name: 'Invitations you received' });
    expect(within(received).getByText(/Gentoos invites you\./)).toBeInTheDocument();
    await user.click(within(received).getByRole('button', { name: 'Accept Gentoos' }));
    expect(await screen.findByText('You are taking part as Gentoos.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: '2 members' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Leave the team' })).toBeInTheDocument();
  });

  it('explains in words why a merge, an invitation or leaving is refused', async () => {
    const received = [
      anInvitation({ id: 'i8', team_id: 't-a', team_name: 'Adelies', invitee_id: 'u2', invitee_name: 'Lea' }),
      anInvitation({ id: 'i9', team_id: 't-g', team_name: 'Gentoos', invitee_id: 'u2', invitee_name: 'Lea' }),
      anInvitation({ id: 'i7', team_id: 't-c', team_name: 'Chinstraps', invitee_id: 'u2', invitee_name: 'Lea' }),
    ];
    const refusals: Record<string, string> = { i8: 'merge-over-quota', i9: 'merger-deadline-passed', i7: 'team-full' };
    signedIn((req) => {
      const accept = /\/team\/invitations\/(i\d)\/accept$/.exec(req.url.pathname);
      if (req.method === 'POST' && accept) {
        const code = refusals[accept[1]!]!;
        return problem(409, { type: `urn:academy:problem:${code}`, code, detail: 'refused' });
      }
      if (req.method === 'POST' && req.url.pathname === `${API}/team/leave`) {
        return problem(409, { code: 'team-has-submissions', detail: 'refused' });
      }
      if (req.method === 'POST' && req.url.pathname === `${API}/team/invitations`) {
        return problem(400, { type: 'urn:academy:problem:validation-failed', errors: [{ field: 'user_id', message: 'has not joined this competition' }] });
      }
      if (req.method === 'GET' && req.url.pathname === `${API}/team/invitations`) {
        return json(200, { sent: [], received });
      }
      if (req.method === 'GET' && req.url.pathname === `${API}/entry`) {
        return json(200, anEntry({ members: [{ user_id: 'u2', name: 'Lea' }, { user_id: 'u3', name: 'Noor' }] }));
      }
      return publicRoutes(req, aCompetition({ merger_deadline: '2027-01-15T17:00:00Z' }));
    });
    const { user } = renderApp('/competitions/penguins/team');
    const region = await screen.findByRole('region', { name: 'Invitations you received' });

    await user.click(await within(region).findByRole('button', { name: 'Accept Adelies' }));
    expect(await within(region).findByRole('alert')).toHaveTextContent(
      'Together the two teams have made more submissions than one team could have made by now',
    );
    await user.click(within(region).getByRole('button', { name: 'Accept Gentoos' }));
    const deadline = formatters('en').date('2027-01-15T17:00:00Z', { dateStyle: 'medium', timeStyle: 'short' });
    await waitFor(() =>
      expect(within(region).getByRole('alert')).toHaveTextContent(`Teams that have submitted could merge only until ${deadline}; that deadline has passed.`),
    );
    await user.click(within(region).getByRole('button', { name: 'Accept Chinstraps' }));
    await waitFor(() =>
      expect(within(region).getByRole('alert')).toHaveTextContent('The team would have more than 3 members, the most this competition allows.'),
    );
    await waitFor(() => expect(within(region).getByRole('alert')).toHaveFocus());

    await user.type(screen.getByLabelText('Their email address or user id'), 'u99');
    await user.click(screen.getByRole('button', { name: 'Send the invitation' }));
    await waitFor(() => expect(screen.getByLabelText('Their email address or user id')).toHaveAccessibleDescription(/Has not joined this competition/));

    await user.click(screen.getByRole('button', { name: 'Leave the team' }));
    const leave = screen.getByRole('region', { name: 'Leave the team' });
    expect(await within(leave).findByRole('alert')).toHaveTextContent('Your team has submitted already: its members stay together until the end.');
    expect(screen.getByText('You are taking part as Lea.')).toBeInTheDocument();
  });
});

describe('final selection', () => {
  it('chooses up to the allowed scored submissions, explains the default and saves the choice', async () => {
    const items = [
      aSubmission({ id: 's4', file_name: 'stacked.csv', public_score: 0.95 }),
      aSubmission({ id: 's3', file_name: 'broken.csv', status: 'failed', reason: 'bad header', public_score: undefined }),
      aSubmission({ id: 's2', file_name: 'forest.csv', public_score: 0.93 }),
      aSubmission({ id: 's1', file_name: 'first.csv', public_score: 0.8, selected: true }),
    ];
    let answer: Response = json(200, { submission_ids: ['s4', 's2'] });
    const seen = joined((req) => {
      if (req.method === 'GET' && req.url.pathname === `${API}/entry`) {
        return json(200, anEntry({ selected_submission_ids: ['s1'] }));
      }
      return req.method === 'PUT' && req.url.pathname === `${API}/selection` ? answer : undefined;
    }, items);
    const { user } = renderApp('/competitions/penguins/submissions');
    const form = await screen.findByRole('form', { name: 'Final selection' });
    expect(form).toHaveTextContent('Choose up to 2 scored submissions of the final phase to count for the private leaderboard. If you choose none, your best public ones count.');
    const box = (name: string) => within(form).getByRole('checkbox', { name: `Count ${name} for the private leaderboard` });
    expect(box('first.csv')).toBeChecked();
    expect(within(form).queryByRole('checkbox', { name: /broken\.csv/ })).toBeNull();

    await user.click(box('first.csv'));
    await user.click(box('stacked.csv'));
    await user.click(box('forest.csv'));
    expect(box('first.csv')).toBeDisabled();
    expect(within(form).getByText('2 of 2 chosen.')).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Save the final selection' }));
    expect(await within(form).findByText('Saved: 2 submissions count for the private leaderboard.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PUT')!.body).toEqual({ submission_ids: ['s4', 's2'] });

    answer = problem(400, {
      type: 'urn:academy:problem:validation-failed',
      errors: [{ field: 'submission_ids[1]', message: 'is failed; only scored submissions may be chosen' }],
    });
    await user.click(within(form).getByRole('button', { name: 'Save the final selection' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('forest.csv: is failed; only scored submissions may be chosen');
    await waitFor(() => expect(alert).toHaveFocus());

    answer = json(200, { submission_ids: [] });
    await user.click(box('stacked.csv'));
    await user.click(box('forest.csv'));
    await user.click(within(form).getByRole('button', { name: 'Save the final selection' }));
    expect(await within(form).findByText('Saved: none chosen, so your best public submissions count.')).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'PUT').at(-1)!.body).toEqual({ submission_ids: [] });
  });
});
