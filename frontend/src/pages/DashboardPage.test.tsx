import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../api/dashboard';
import { fakeServer, json, problem } from '../test/http';
import { renderApp } from '../test/render';
import { signedIn } from '../test/session';

const empty: Dashboard = {
  courses: [],
  deadlines: [],
  credentials: { total: 0, latest: [] },
  competitions: [],
  skills: [],
  occupations: [],
  recommendations: [],
};

const busy: Dashboard = {
  courses: [
    {
      id: 'e1',
      course_slug: 'ml-basics',
      course_title: 'Machine Learning Basics',
      status: 'active',
      enrolled_at: '2026-03-01T10:00:00Z',
      required_done: 1,
      required_total: 4,
      progress_percent: 25,
      modules: [
        { id: 'intro', title: 'Introduction', done: 1, total: 2 },
        { id: 'models', title: 'Models', done: 0, total: 2 },
      ],
      last_activity: { ref: 'models.quiz', kind: 'assessment', attempt_id: 'a9', at: '2026-03-08T10:00:00Z' },
      next: { ref: 'models.quiz', kind: 'assessment', title: 'Model quiz', module_title: 'Models', attempt_id: 'a9' },
    },
    {
      id: 'e2',
      course_slug: 'ai-literacy',
      course_title: 'AI Literacy',
      status: 'active',
      enrolled_at: '2026-03-02T10:00:00Z',
      required_done: 0,
      required_total: 2,
      progress_percent: 0,
      modules: [{ id: 'm', title: 'All', done: 0, total: 2 }],
      next: { ref: 'm.what', kind: 'lesson', title: 'What AI is', module_title: 'All' },
    },
  ],
  deadlines: [
    { kind: 'attempt_due', at: '2026-03-10T12:00:00Z', title: 'Model quiz', course_slug: 'ml-basics', course_title: 'Machine Learning Basics', ref: 'models.quiz', attempt_id: 'a9' },
    { kind: 'competition_ends', at: '2026-04-01T00:00:00Z', title: 'Penguins', competition_slug: 'penguins' },
  ],
  credentials: {
    total: 4,
    latest: [{ id: 'cr1', name: 'Data Literacy', institution_name: 'Uni Lyon', micro_credential: true, issued_at: '2026-02-01T10:00:00Z', status: 'active' }],
  },
  competitions: [{ slug: 'penguins', title: 'Penguins', status: 'running', end_at: '2026-04-01T00:00:00Z', team_name: 'Lea', rank: 2, score: 0.91, ranked: 7 }],
  skills: [{ id: 's1', label: 'data literacy' }],
  occupations: [{ id: 'o1', label: 'data scientist', essential: 3, proven: 1, missing: [{ id: 's2', label: 'machine learning' }] }],
  recommendations: [
    {
      slug: 'deep-learning',
      title: 'Deep Learning',
      summary: 'Neural networks in practice.',
      institution_name: 'Uni Lyon',
      reason: 'closes_gap',
      skills: [{ id: 's2', label: 'machine learning' }],
      occupations: ['data scientist'],
    },
  ],
};

describe('dashboard', () => {
  it('tells a new learner what to do first', async () => {
    signedIn((req) => (req.url.pathname === '/api/v1/me/dashboard' ? json(200, empty) : undefined));
    renderApp('/dashboard');

    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome back, Lea' })).toBeInTheDocument();
    const courses = await screen.findByRole('region', { name: 'Continue where you left off' });
    expect(within(courses).getByText(/not enrolled in any course yet/)).toBeInTheDocument();
    expect(within(courses).getByRole('link', { name: 'Find a course' })).toHaveAttribute('href', '/search?type=course');
    expect(screen.getByRole('region', { name: 'Coming up' })).toHaveTextContent('Nothing is due.');
    expect(screen.getByRole('region', { name: 'Your latest credentials' })).toHaveTextContent('Complete a course to earn your first verifiable credential');
    const competitions = screen.getByRole('region', { name: 'Your competitions' });
    expect(within(competitions).getByRole('link', { name: 'See the competitions' })).toHaveAttribute('href', '/competitions');
    expect(screen.getByRole('region', { name: 'Your goals and what to learn next' })).toHaveTextContent('Choose up to 5 occupations you aim at');
  });

  it('shows where to continue, what is due, credentials, competitions and recommendations, each linked', async () => {
    signedIn((req) => (req.url.pathname === '/api/v1/me/dashboard' ? json(200, busy) : undefined));
    const { user, router } = renderApp('/dashboard');

    const ml = await screen.findByRole('article', { name: 'Machine Learning Basics' });
    expect(within(ml).getByRole('progressbar', { name: '1 of 4 required items done' })).toHaveAttribute('aria-valuenow', '25');
    expect(within(ml).getByText('Models: 0 of 2 done')).toBeInTheDocument();
    const resume = within(ml).getByRole('link', { name: 'Resume Model quiz' });
    expect(resume).toHaveAttribute('href', '/learn/ml-basics/attempts/a9');
    const literacy = screen.getByRole('article', { name: 'AI Literacy' });
    expect(within(literacy).getByRole('link', { name: 'Start: What AI is' })).toHaveAttribute('href', '/learn/ai-literacy/m.what');

    const due = screen.getByRole('region', { name: 'Coming up' });
    const items = within(due).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Your attempt at Model quiz (Machine Learning Basics) is due');
    expect(within(items[1]!).getByRole('link', { name: 'Penguins ends' })).toHaveAttribute('href', '/competitions/penguins');

    const credentials = screen.getByRole('region', { name: 'Your latest credentials' });
    expect(within(credentials).getByRole('link', { name: 'Data Literacy' })).toHaveAttribute('href', '/verify/cr1');
    expect(within(credentials).getByRole('link', { name: 'All your credentials (4)' })).toHaveAttribute('href', '/credentials');

    const competitions = screen.getByRole('region', { name: 'Your competitions' });
    expect(competitions).toHaveTextContent('Rank 2 of 7, best public score 0.91');

    const goals = screen.getByRole('region', { name: 'Your goals and what to learn next' });
    expect(goals).toHaveTextContent('1 of 3 essential skills proven');
    expect(goals).toHaveTextContent('Skills to gain: machine learning');
    const rec = within(goals).getByRole('article', { name: 'Deep Learning' });
    expect(rec).toHaveTextContent('Teaches machine learning, needed as data scientist');
    expect(within(rec).getByRole('link', { name: 'Deep Learning' })).toHaveAttribute('href', '/courses/deep-learning');

    await user.click(resume);
    await waitFor(() => expect(router.state.location.pathname).toBe('/learn/ml-basics/attempts/a9'));
  });

  it('lets the learner aim at an occupation and reloads the recommendations', async () => {
    let current: Dashboard = empty;
    const seen = signedIn((req) => {
      if (req.url.pathname === '/api/v1/me/dashboard') {
        return json(200, current);
      }
      if (req.url.pathname === '/api/v1/occupations') {
        return json(200, { items: [{ id: 'o1', label: 'data scientist', code: '2511.4' }] });
      }
      if (req.method === 'PUT' && req.url.pathname === '/api/v1/me/dashboard/occupations') {
        current = busy;
        return json(200, req.body);
      }
      return undefined;
    });
    const { user } = renderApp('/dashboard');

    await user.type(await screen.findByRole('searchbox', { name: 'Add an occupation you aim at' }), 'data');
    await user.click(await screen.findByRole('button', { name: 'Aim at data scientist' }));

    expect(await screen.findByRole('article', { name: 'Deep Learning' })).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PUT')?.body).toEqual({ occupations: ['o1'] });
    expect(seen.find((r) => r.url.pathname === '/api/v1/occupations')?.url.searchParams.get('q')).toBe('data');
    await user.click(screen.getByRole('button', { name: 'Remove data scientist' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'PUT').at(-1)?.body).toEqual({ occupations: [] }));
  });

  it('says why a goal could not be saved', async () => {
    signedIn((req) => {
      if (req.url.pathname === '/api/v1/me/dashboard') {
        return json(200, empty);
      }
      if (req.url.pathname === '/api/v1/occupations') {
        return json(200, { items: [{ id: 'o1', label: 'data scientist', code: '2511.4' }] });
      }
      if (req.method === 'PUT') {
        return problem(400, { detail: 'the request has invalid fields', errors: [{ field: 'occupations[0]', message: 'is no occupation of the taxonomy' }] });
      }
      return undefined;
    });
    const { user } = renderApp('/dashboard');
    await user.type(await screen.findByRole('searchbox', { name: 'Add an occupation you aim at' }), 'data');
    await user.click(await screen.findByRole('button', { name: 'Aim at data scientist' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
  });

  it('is where signing in leads when no page was asked for', async () => {
    fakeServer((req) => {
      if (req.url.pathname === '/api/v1/auth/login') {
        return json(200, {
          access_token: 'a',
          token_type: 'Bearer',
          expires_in: 900,
          user: { id: 'u2', email: 'lea@example.org', display_name: 'Lea', language: 'en', roles: ['learner'] },
        });
      }
      if (req.url.pathname === '/api/v1/me/dashboard') {
        return json(200, empty);
      }
      return problem(404);
    });
    const { user, router } = renderApp('/signin');
    await user.type(await screen.findByLabelText('Email address'), 'lea@example.org');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/dashboard'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome back, Lea' })).toBeInTheDocument();
  });
});
