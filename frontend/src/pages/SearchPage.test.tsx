import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { anInstitution, machineLearning } from '../test/catalogue';
import { fakeServer, json, searchResponse, type SeenRequest } from '../test/http';
import { renderApp } from '../test/render';

const searches = (seen: SeenRequest[]) => seen.filter((r) => r.url.pathname === '/api/v1/search').map((r) => r.url.searchParams);

describe('search page', () => {
  it('searches as you type once typing pauses, and keeps the query in the URL', async () => {
    const seen = fakeServer((req) => {
      const q = req.url.searchParams.get('q');
      return json(
        200,
        q === 'machine'
          ? searchResponse([{ type: 'course', id: 'ml', title: 'Machine learning', highlights: { title: '<mark>Machine</mark> learning' } }])
          : searchResponse([]),
      );
    });
    const { user, router } = renderApp('/search');
    await user.type(await screen.findByLabelText('Search', { selector: 'input' }), 'machine');

    const link = await screen.findByRole('link', { name: 'Machine learning' });
    expect(link).toHaveAttribute('href', '/courses/ml');
    expect(within(link).getByText('Machine').tagName).toBe('MARK');
    expect(router.state.location.search).toBe('?q=machine');
    // One request for the empty query and one after the pause, not one per keystroke.
    expect(searches(seen).map((p) => p.get('q'))).toEqual([null, 'machine']);
    expect(screen.getByRole('status')).toHaveTextContent('1 result');
  });

  it('filters by type and by facet, sending the filters to the API', async () => {
    const seen = fakeServer(() =>
      json(200, searchResponse([{ type: 'course', id: 'c1', title: 'AI literacy' }], { facets: { level: { beginner: 4, advanced: 2 }, language: { fr: 3 } } })),
    );
    const { user } = renderApp('/search?q=ai');
    await user.click(await screen.findByRole('checkbox', { name: /Beginner/ }));
    await user.click(screen.getByRole('radio', { name: 'Courses' }));

    await waitFor(() => expect(searches(seen)).toHaveLength(3));
    const last = searches(seen)[2]!;
    expect(last.get('q')).toBe('ai');
    expect(last.get('type')).toBe('course');
    expect(last.getAll('level')).toEqual(['beginner']);
    expect(screen.getByRole('checkbox', { name: /Beginner/ })).toBeChecked();
    // Language facet values are shown by name in the interface language.
    expect(screen.getByRole('checkbox', { name: /French/ })).toBeInTheDocument();
  });

  it('finds competitions: their card links to the competition and states its status, and status and task facets are labelled', async () => {
    const seen = fakeServer(() =>
      json(
        200,
        searchResponse([{ type: 'competition', id: 'penguins', title: 'Palmer penguins', status: 'running' }], {
          facets: { type: { competition: 1 }, status: { running: 1 }, metric_type: { classification: 1 } },
        }),
      ),
    );
    const { user } = renderApp('/search?q=pingouins');
    const link = await screen.findByRole('link', { name: 'Palmer penguins' });
    expect(link).toHaveAttribute('href', '/competitions/penguins');
    const card = link.closest('article')!;
    expect(within(card as HTMLElement).getByText('Competition')).toBeInTheDocument();
    expect(within(card as HTMLElement).getByText('Running')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: /Classification/ })).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: /Competitions/ }));
    await waitFor(() => expect(searches(seen).at(-1)?.get('type')).toBe('competition'));
  });

  it('loads the next page with next_cursor and appends it', async () => {
    const seen = fakeServer((req) =>
      json(
        200,
        req.url.searchParams.get('cursor') === 'page2'
          ? searchResponse([{ type: 'programme', id: 'p2', title: 'MSc Data Science' }], { total: 2 })
          : searchResponse([{ type: 'course', id: 'c1', title: 'Python basics' }], { total: 2, next_cursor: 'page2' }),
      ),
    );
    const { user } = renderApp('/search?q=data');
    await user.click(await screen.findByRole('button', { name: 'Show more results' }));

    const second = await screen.findByRole('link', { name: 'MSc Data Science' });
    expect(second).toHaveAttribute('href', '/programmes/p2');
    await waitFor(() => expect(second).toHaveFocus());
    expect(screen.getByRole('link', { name: 'Python basics' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show more results' })).not.toBeInTheDocument();
    expect(searches(seen)[1]!.get('q')).toBe('data');
  });

  it('says so when nothing matches', async () => {
    fakeServer(() => json(200, searchResponse([])));
    renderApp('/search?q=quantum%20basket%20weaving');
    expect(await screen.findByText('Nothing matches “quantum basket weaving”. Try other words or fewer filters.')).toBeInTheDocument();
  });

  it('labels facet values in the UI language: cycles, countries, institutions and skills', async () => {
    fakeServer((req) => {
      if (req.url.pathname === '/api/v1/institutions') {
        return json(200, { items: [anInstitution()] });
      }
      if (req.url.pathname === '/api/v1/skills/sk-ml') {
        return json(200, machineLearning);
      }
      return json(
        200,
        searchResponse([{ type: 'programme', id: 'p1', title: 'MSc AI' }], {
          facets: { cycle: { master: 3 }, country: { BE: 2 }, institution: { 'belfry-university': 2 }, skills: { 'sk-ml': 5 }, eqf_level: { '7': 3 } },
        }),
      );
    });
    renderApp('/search');
    expect(await screen.findByRole('checkbox', { name: /^Master/ })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: /^Belgium/ })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: /^EQF 7/ })).toBeInTheDocument();
    expect(await screen.findByRole('checkbox', { name: /^Belfry University/ })).toBeInTheDocument();
    expect(await screen.findByRole('checkbox', { name: /^machine learning/ })).toBeInTheDocument();
  });

  it('applies ECTS, EQF and tuition ranges and the sort order', async () => {
    const seen = fakeServer(() => json(200, searchResponse([{ type: 'programme', id: 'p1', title: 'MSc AI' }])));
    const { user, router } = renderApp('/search?cycle=master');
    await user.type(await screen.findByRole('spinbutton', { name: 'From' }), '60');
    await user.selectOptions(screen.getAllByRole('combobox', { name: 'From' })[0]!, '7');
    await user.type(screen.getByRole('spinbutton', { name: 'At most (€)' }), '5000');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Fees for' }), 'non_eu');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'tuition');

    await waitFor(() => expect(searches(seen).at(-1)!.get('sort')).toBe('tuition'));
    const last = searches(seen).at(-1)!;
    expect(Object.fromEntries(last)).toMatchObject({ cycle: 'master', ects_min: '60', eqf_min: '7', tuition_max: '5000', fee_group: 'non_eu' });
    expect(last.has('ects_max')).toBe(false);
    expect(router.state.location.search).toContain('tuition_max=5000');

    await user.click(screen.getByRole('button', { name: 'Clear all filters' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('moves focus to the results when a query is submitted with Enter, so Tab reaches them next', async () => {
    fakeServer((req) =>
      json(200, req.url.searchParams.get('q') === 'python' ? searchResponse([{ type: 'course', id: 'py', title: 'Python for Data and AI' }]) : searchResponse([])),
    );
    const { user } = renderApp('/search');
    await user.type(await screen.findByLabelText('Search', { selector: 'input' }), 'python{Enter}');

    const results = document.getElementById('search-results')!;
    await waitFor(() => expect(results).toHaveFocus());
    expect(within(results).getByRole('link', { name: 'Python for Data and AI' })).toBeInTheDocument();
  });
});
