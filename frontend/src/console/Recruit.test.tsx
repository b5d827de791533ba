import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Org } from '../api/console';
import { json, problem, type SeenRequest } from '../test/http';
import { renderApp } from '../test/render';
import { signedIn } from '../test/session';
import { aCard, aMatch, anOpening, anOpeningSummary } from '../test/talent';

const nordwind: Org = { id: 'org9', kind: 'company', name: 'Nordwind Analytics', slug: 'nordwind', country: 'DE', verified: true, role: 'staff' };
const API = '/api/v1/orgs/org9';
const bluecard = {
  thresholds: [{ country: 'DE', year: 2025, general: 48300, shortage: 43759.8, currency: 'EUR', period: 'year', source: 'https://www.make-it-in-germany.com/en/visa-residence/types/eu-blue-card' }],
};

/** A staff member of Nordwind; other requests go to handle. */
function recruiter(handle: (req: SeenRequest) => Response | undefined): SeenRequest[] {
  return signedIn((req) => {
    if (req.url.pathname === '/api/v1/orgs') {
      return json(200, { items: [nordwind] });
    }
    if (req.url.pathname === '/api/v1/talent/bluecard') {
      return json(200, bluecard);
    }
    return handle(req);
  });
}

describe('openings', () => {
  it('lists the company’s openings with their status and the way to their matches', async () => {
    const seen = recruiter((req) =>
      req.url.pathname === `${API}/openings`
        ? json(200, { items: [anOpeningSummary(), anOpeningSummary({ id: 'op2', title: 'Data steward', status: 'draft' })] })
        : req.url.pathname === `${API}/talent/contests`
          ? json(200, { items: [{ id: 'ct1', pseudonym: 'C-7F3K2Q', opening: anOpeningSummary(), message: 'I hold SQL.', created_at: '2026-12-02T10:00:00Z' }] })
          : undefined,
    );
    const { user } = renderApp('/console/orgs/org9/openings');
    const table = await screen.findByRole('table', { name: 'Openings' });
    expect(within(table).getByRole('link', { name: 'Junior data engineer' })).toHaveAttribute('href', '/console/orgs/org9/openings/op1');
    expect(within(table).getByRole('link', { name: 'Matches of Junior data engineer' })).toHaveAttribute('href', '/console/orgs/org9/openings/op1/matches');
    expect(within(table).queryByRole('link', { name: 'Matches of Data steward' })).not.toBeInTheDocument();
    expect(await screen.findByText('I hold SQL.')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Show'), 'Draft');
    await waitFor(() => expect(seen.some((r) => r.url.pathname === `${API}/openings` && r.url.searchParams.get('status') === 'draft')).toBe(true));
  });

  it('refuses to publish an incomplete opening, naming every missing field at its field, without asking the API', async () => {
    const seen = recruiter(() => undefined);
    const { user } = renderApp('/console/orgs/org9/openings/new');
    await user.selectOptions(await screen.findByLabelText('Country'), '');
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual([
      'Job title: Fill this in.',
      'Country: Fill this in.',
      'City: Give the city, unless the opening is fully remote.',
      'Lowest pay: Enter an amount above zero: the pay range is required to publish.',
      'Highest pay: Enter an amount above zero: the pay range is required to publish.',
      'Required skills: Mark at least one skill as essential.',
    ]);
    expect(summary).toHaveFocus();
    expect(screen.getByLabelText('City')).toHaveAccessibleDescription(/Give the city, unless the opening is fully remote\./);
    expect(seen.some((r) => r.url.pathname.startsWith(API))).toBe(false);
  });

  it('creates a draft from an ESCO occupation’s proposed skills, then shows the API’s publish errors at their fields', async () => {
    let opening = anOpening({ status: 'draft', skills: [], pay: { min: 0, max: 0, currency: 'EUR', period: 'year' } });
    const seen = recruiter((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/occupations':
          return json(200, { items: [{ id: 'occ-de', code: '2511.4', label: 'data engineer', essential_count: 2, optional_count: 1 }] });
        case 'GET /api/v1/occupations/occ-de':
          return json(200, {
            id: 'occ-de',
            code: '2511.4',
            label: 'data engineer',
            description: '',
            essential_count: 2,
            optional_count: 1,
            essential: [
              { id: 'sk-py', label: 'Python (computer programming)' },
              { id: 'sk-sql', label: 'SQL' },
            ],
            optional: [{ id: 'sk-spark', label: 'Apache Spark' }],
          });
        case `POST ${API}/openings`:
          opening = { ...opening, ...(req.body as object), version: 1 };
          return json(201, opening);
        case `GET ${API}/openings/op1`:
          return json(200, opening);
        case `PUT ${API}/openings/op1`:
          opening = { ...opening, ...(req.body as object), version: opening.version + 1 };
          return json(200, opening);
        case `POST ${API}/openings/op1/publish`:
          return problem(422, { errors: [{ field: 'pay.max', code: 'invalid', message: 'must be at least the minimum' }] });
        default:
          return undefined;
      }
    });
    const { user, router } = renderApp('/console/orgs/org9/openings/new');
    await user.type(await screen.findByLabelText('Job title'), 'Junior data engineer');
    await user.type(screen.getByLabelText('Find an occupation'), 'data');
    await user.click(await screen.findByRole('button', { name: 'Choose occupation data engineer' }));
    await user.click(await screen.findByText('2 essential skills'));
    await user.click(screen.getByRole('button', { name: 'Add all 2 as essential' }));
    await user.type(screen.getByLabelText('City'), 'Berlin');
    await user.type(screen.getByLabelText('Lowest pay'), '52000');
    await user.type(screen.getByLabelText('Highest pay'), '60000');
    await user.click(screen.getByRole('button', { name: 'Create draft' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/console/orgs/org9/openings/op1'));
    expect(seen.find((r) => r.method === 'POST' && r.url.pathname === `${API}/openings`)?.body).toMatchObject({
      title: 'Junior data engineer',
      occupation: { id: 'occ-de', label: 'data engineer' },
      skills: [
        { skill: 'sk-py', essential: true, min_level: 0 },
        { skill: 'sk-sql', essential: true, min_level: 0 },
      ],
      country: 'DE',
      city: 'Berlin',
      pay: { min: 52000, max: 60000, currency: 'EUR', period: 'year' },
    });
    expect(await screen.findByText('Draft created.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByLabelText('Highest pay')).toHaveAccessibleDescription('Must be at least the minimum');
    expect((seen.find((r) => r.method === 'PUT')?.body as { version: number }).version).toBe(1);
  });

  it('shows whether a permit-supporting opening’s pay meets the EU Blue Card threshold, with its source and year', async () => {
    recruiter((req) => (req.url.pathname === `${API}/openings/op1` ? json(200, anOpening({ pay: { min: 45000, max: 55000, currency: 'EUR', period: 'year' } })) : undefined));
    const { user } = renderApp('/console/orgs/org9/openings/op1');
    expect(await screen.findByText(/meets the EU Blue Card threshold in Germany only for shortage occupations/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Source of the 2025 figures/ })).toHaveAttribute('href', bluecard.thresholds[0]!.source);
    const lowest = screen.getByLabelText('Lowest pay');
    await user.clear(lowest);
    await user.type(lowest, '3500');
    await user.selectOptions(screen.getByLabelText('Paid'), 'per month');
    expect(await screen.findByText(/is below the EU Blue Card salary threshold in Germany for 2025 \(€48,300 a year/)).toBeInTheDocument();
  });
});

describe('matches of an opening', () => {
  it('says the ranking only advises, explains each candidate, and records a person’s decision with its reason', async () => {
    const seen = recruiter((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case `GET ${API}/openings/op1`:
          return json(200, anOpening());
        case `GET ${API}/openings/op1/matches`:
          return json(200, { items: [{ candidate: aCard(), match: aMatch(), decision: null }] });
        case `PUT ${API}/openings/op1/decisions/C-7F3K2Q`:
          return json(200, { decision: 'shortlist', reason: 'Strong Python evidence', by: 'u7', at: '2026-12-02T10:00:00Z' });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/console/orgs/org9/openings/op1/matches');
    const card = await screen.findByRole('article', { name: 'C-7F3K2Q' });
    expect(screen.getByText(/The ranking only advises; a person at your company decides\./)).toBeInTheDocument();
    expect(within(card).queryByText('lea@example.org')).not.toBeInTheDocument();
    const evidence = within(card).getAllByRole('link', { name: 'Check credential 1 for Python (computer programming)' });
    expect(new Set(evidence.map((a) => a.getAttribute('href')))).toEqual(new Set(['/verify/cr1']));
    expect(within(card).getByText('1 not met')).toBeInTheDocument();
    await user.click(within(card).getByText('Why C-7F3K2Q matches'));
    expect(within(card).getByText('Right to work: needs a work permit, and the company supports the application.')).toBeInTheDocument();

    await user.click(within(card).getByRole('button', { name: 'Record the decision' }));
    expect(within(card).getByRole('alert')).toHaveTextContent('Choose a decision.');
    expect(seen.some((r) => r.method === 'PUT')).toBe(false);

    await user.click(within(card).getByRole('radio', { name: 'Shortlist' }));
    await user.type(within(card).getByLabelText('Reason (optional)'), 'Strong Python evidence');
    await user.click(within(card).getByRole('button', { name: 'Record the decision' }));
    expect(await within(card).findByText(/Shortlisted on/)).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PUT')?.body).toEqual({ decision: 'shortlist', reason: 'Strong Python evidence' });
  });
});

describe('talent search and candidates', () => {
  it('narrows the search by a facet and keeps it in the address', async () => {
    const seen = recruiter((req) =>
      req.url.pathname === `${API}/talent/search`
        ? json(200, { items: [aCard()], total: 1, facets: { country: { IN: 1, FR: 2 }, language: { en: 3 } } })
        : undefined,
    );
    const { user, router } = renderApp('/console/orgs/org9/talent');
    expect(await screen.findByRole('article', { name: 'C-7F3K2Q' })).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Country of residence'), 'France (2)');
    await waitFor(() => expect(router.state.location.search).toBe('?country=FR'));
    await waitFor(() => expect(seen.some((r) => r.url.pathname === `${API}/talent/search` && r.url.searchParams.get('country') === 'FR')).toBe(true));
  });

  it('asks a candidate for contact about a matching opening', async () => {
    const seen = recruiter((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case `GET ${API}/talent/candidates/C-7F3K2Q`:
          return json(200, { ...aCard(), matches: [{ opening: anOpeningSummary(), match: aMatch() }] });
        case `POST ${API}/talent/candidates/C-7F3K2Q/contact`:
          return json(201, { id: 'k1' });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/console/orgs/org9/talent/C-7F3K2Q');
    expect(await screen.findByRole('heading', { level: 2, name: 'C-7F3K2Q' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Your message'), 'We would like to talk about the data engineer role.');
    await user.click(screen.getByRole('button', { name: 'Send the request' }));
    const sent = await screen.findByText('Your request was sent. You will see the name of C-7F3K2Q if they accept.');
    await waitFor(() => expect(sent).toHaveFocus());
    expect(seen.find((r) => r.url.pathname.endsWith('/contact'))?.body).toEqual({ message: 'We would like to talk about the data engineer role.', opening_id: 'op1' });
  });

  it('says when the company’s request already waits for the candidate’s answer', async () => {
    recruiter((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case `GET ${API}/talent/candidates/C-7F3K2Q`:
          return json(200, { ...aCard(), matches: [] });
        case `POST ${API}/talent/candidates/C-7F3K2Q/contact`:
          return problem(409, { code: 'contact-pending', detail: 'a request is pending' });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/console/orgs/org9/talent/C-7F3K2Q');
    const message = await screen.findByLabelText('Your message');
    await user.type(message, 'Hello again.');
    await user.click(screen.getByRole('button', { name: 'Send the request' }));
    await waitFor(() => expect(message).toHaveAccessibleDescription(/already has a request waiting for this person's answer/));
    await waitFor(() => expect(message).toHaveFocus());
  });

  it('shows the name and email once the candidate accepted, and no contact form', async () => {
    recruiter((req) =>
      req.url.pathname === `${API}/talent/candidates/C-7F3K2Q` ? json(200, { ...aCard({ identity: { name: 'Lea', email: 'lea@example.org' } }), matches: [] }) : undefined,
    );
    renderApp('/console/orgs/org9/talent/C-7F3K2Q');
    expect(await screen.findByRole('heading', { level: 2, name: 'Lea' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'lea@example.org' })).toHaveAttribute('href', 'mailto:lea@example.org');
    expect(screen.queryByRole('button', { name: 'Send the request' })).not.toBeInTheDocument();
  });

  it('keeps a company’s pages from people who do not recruit for it', async () => {
    recruiter(() => undefined);
    renderApp('/console/orgs/other/openings');
    expect(await screen.findByText(/You are not owner or staff of this company/)).toBeInTheDocument();
  });
});
