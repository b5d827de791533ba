import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aCompetitionSummary } from '../test/competitions';
import { fakeServer, json, problem, searchResponse, type SeenRequest } from '../test/http';
import { renderApp } from '../test/render';

/** No competition is running unless a test says otherwise. */
function noCompetitions(req: SeenRequest): Response | undefined {
  return req.url.pathname === '/api/v1/competitions' ? json(200, { items: [] }) : undefined;
}

describe('home page', () => {
  it('features six courses and six programmes from search', async () => {
    const seen = fakeServer(
      (req) =>
        noCompetitions(req) ??
        json(
          200,
          req.url.searchParams.get('type') === 'programme'
            ? searchResponse([{ type: 'programme', id: 'msc-ai', title: 'MSc Artificial Intelligence' }])
            : searchResponse([{ type: 'course', id: 'ai-101', title: 'AI for everyone' }]),
        ),
    );
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'AI for everyone' })).toHaveAttribute('href', '/courses/ai-101');
    expect(await screen.findByRole('link', { name: 'MSc Artificial Intelligence' })).toHaveAttribute('href', '/programmes/msc-ai');
    const queries = seen.filter((r) => r.url.pathname === '/api/v1/search').map((r) => `${r.url.searchParams.get('type')} ${r.url.searchParams.get('limit')}`).sort();
    expect(queries).toEqual(['course 6', 'programme 6']);
  });

  it('still shows the page, with an explanation, when search is down', async () => {
    fakeServer(() => problem(503));
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Build the AI and digital skills Europe needs' })).toBeInTheDocument();
    expect(await screen.findAllByText("We can't show this list right now. You can still search the catalogue.")).toHaveLength(2);
    expect(await screen.findByText("We can't show the competitions right now.")).toBeInTheDocument();
  });

  it('shows the running competitions and links to all of them', async () => {
    const seen = fakeServer(
      (req) =>
        (req.url.pathname === '/api/v1/competitions' ? json(200, { items: [aCompetitionSummary()] }) : undefined) ?? json(200, searchResponse([])),
    );
    renderApp('/');
    const section = (await screen.findByRole('heading', { level: 2, name: 'Competitions running now' })).closest('section')!;
    expect(await within(section).findByRole('link', { name: 'Penguin species' })).toHaveAttribute('href', '/competitions/penguins');
    expect(within(section).getByText('Hosted by AI Skills Academy')).toBeInTheDocument();
    expect(within(section).getByRole('link', { name: 'All competitions' })).toHaveAttribute('href', '/competitions');
    const asked = seen.find((r) => r.url.pathname === '/api/v1/competitions')!;
    expect(asked.url.searchParams.get('status')).toBe('running');
  });

  it('sends the search box query to the search page', async () => {
    fakeServer((req) => noCompetitions(req) ?? json(200, searchResponse([])));
    const { user, router } = renderApp('/');
    await user.type(await screen.findByLabelText('Search courses and programmes'), 'data literacy{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/search'));
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe('data literacy');
  });
});
