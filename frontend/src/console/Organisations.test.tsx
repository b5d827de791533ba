import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Org, OrgMember } from '../api/console';
import type { Institution } from '../api/types';
import { json, problem } from '../test/http';
import { renderApp } from '../test/render';
import { lea, signedIn } from '../test/session';

const pending: Org = { id: 'org1', kind: 'university', name: 'Université de Lyon Sud', slug: 'lyon-sud', country: 'FR', verified: false, role: 'owner' };

const members = (leaRole: string): OrgMember[] => [
  { user_id: lea.id, email: lea.email, display_name: 'Lea', role: leaRole, joined_at: '2025-03-09T10:00:00Z' },
  { user_id: 'u3', email: 'bob@example.org', display_name: 'Bob', role: 'staff', joined_at: '2025-03-10T10:00:00Z' },
];

describe('organisations in the console', () => {
  it('creates an organisation, showing the fields the server refused, then lands on the console', async () => {
    let orgs: Org[] = [];
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/orgs':
          return json(200, { items: orgs });
        case 'POST /api/v1/orgs':
          if ((req.body as { country: string }).country !== 'FR') {
            return problem(400, { detail: 'the request has invalid fields', errors: [{ field: 'country', message: 'must be an ISO 3166-1 alpha-2 country code such as FR' }] });
          }
          orgs = [pending];
          return json(201, pending);
        case 'GET /api/v1/orgs/org1/invitations':
        case 'GET /api/v1/orgs/org1/members':
          return json(200, { items: [] });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/console/organisations/new');
    await user.selectOptions(await screen.findByLabelText('Kind of organisation'), 'university');
    await user.type(screen.getByLabelText('Legal name'), 'Université de Lyon Sud');
    await user.type(screen.getByLabelText(/^Country/), 'France');
    await user.type(screen.getByLabelText(/^Logo address/), 'https://lyon-sud.example.org/logo.png');
    await user.click(screen.getByRole('button', { name: 'Create the organisation' }));
    expect(await screen.findByText('Must be an ISO 3166-1 alpha-2 country code such as FR')).toBeInTheDocument();

    await user.clear(screen.getByLabelText(/^Country/));
    await user.type(screen.getByLabelText(/^Country/), 'fr');
    await user.click(screen.getByRole('button', { name: 'Create the organisation' }));
    expect(await screen.findByText(/Meanwhile you can submit the evidence they check, and invite your staff/)).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      kind: 'university',
      name: 'Université de Lyon Sud',
      country: 'FR',
      website: '',
      description: '',
      logo_url: 'https://lyon-sud.example.org/logo.png',
    });
  });

  it('lets the owner of a pending organisation read why it was rejected and submit new evidence', async () => {
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/orgs':
          return json(200, { items: [{ ...pending, rejection_reason: 'The register has no such number.', evidence: { registration_number: 'FR1234', email_domain: 'lyon-sud.fr' } }] });
        case 'PUT /api/v1/orgs/org1/evidence':
          return json(200, { ...pending, evidence: req.body });
        case 'GET /api/v1/orgs/org1/invitations':
        case 'GET /api/v1/orgs/org1/members':
          return json(200, { items: [] });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/console');
    expect(await screen.findByRole('alert')).toHaveTextContent('The register has no such number.');
    const number = screen.getByLabelText(/^VAT or registration number/);
    expect(number).toHaveValue('FR1234');
    await user.clear(number);
    await user.type(number, 'FR 193 808 2125');
    await user.click(screen.getByRole('button', { name: 'Update the evidence' }));
    expect(await screen.findByText('Evidence saved. An administrator will check it.')).toBeInTheDocument();
    expect(screen.queryByText(/The register has no such number/)).not.toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PUT')?.body).toEqual({ registration_number: 'FR 193 808 2125', email_domain: 'lyon-sud.fr' });
  });

  it('hands ownership over: the owner makes a staff member owner, then steps down', async () => {
    let list = members('owner');
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/orgs':
          return json(200, { items: [{ ...pending, kind: 'company', verified: true }] });
        case 'GET /api/v1/orgs/org1/invitations':
          return json(200, { items: [] });
        case 'GET /api/v1/orgs/org1/members':
          return json(200, { items: list });
        case 'PUT /api/v1/orgs/org1/members/u3/role':
          list = list.map((m) => (m.user_id === 'u3' ? { ...m, role: 'owner' } : m));
          return json(200, list.find((m) => m.user_id === 'u3'));
        case 'PUT /api/v1/orgs/org1/members/u2/role':
          return problem(409, { detail: 'an organisation keeps at least one owner; make another member owner first' });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/console');
    await user.click(await screen.findByRole('button', { name: 'Make Bob owner' }));
    const table = screen.getByRole('table', { name: 'Members' });
    await waitFor(() => expect(within(table).getAllByText('owner')).toHaveLength(2));
    expect(seen.find((r) => r.url.pathname === '/api/v1/orgs/org1/members/u3/role')?.body).toEqual({ role: 'owner' });
    await user.click(screen.getByRole('button', { name: 'Step down to staff' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('an organisation keeps at least one owner; make another member owner first');
  });

  it('edits the institution profile of a verified university', async () => {
    const profile: Institution = {
      id: 'org1',
      slug: 'lyon-sud',
      name: 'Université de Lyon Sud',
      kind: 'university',
      country: 'FR',
      city: '',
      website: 'https://lyon-sud.example.org',
      logo_url: '',
      description: 'A public university.',
      sample: false,
    };
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/orgs':
          return json(200, { items: [{ ...pending, verified: true }] });
        case 'GET /api/v1/institutions/lyon-sud':
          return json(200, { ...profile, programmes: [], courses: [] });
        case 'PUT /api/v1/institutions/lyon-sud':
          return json(200, { ...profile, ...(req.body as object) });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/console/institutions/lyon-sud');
    await user.type(await screen.findByLabelText('City'), 'Lyon');
    await user.click(screen.getByRole('button', { name: 'Save the profile' }));
    expect(await screen.findByText('Profile saved.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PUT')?.body).toEqual({
      name: 'Université de Lyon Sud',
      kind: 'university',
      country: 'FR',
      city: 'Lyon',
      website: 'https://lyon-sud.example.org',
      logo_url: '',
      description: 'A public university.',
    });
  });

  it('leads a university verified without a profile from the refused list to creating the profile', async () => {
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/orgs':
          return json(200, { items: [{ ...pending, verified: true, website: 'https://lyon-sud.example.org' }] });
        case 'GET /api/v1/courses':
        case 'GET /api/v1/programmes':
          return problem(400, { detail: 'the request has invalid fields', errors: [{ field: 'institution', message: 'no institution has the slug "lyon-sud"' }] });
        case 'GET /api/v1/orgs/org1/invitations':
        case 'GET /api/v1/orgs/org1/members':
          return json(200, { items: [] });
        case 'GET /api/v1/institutions/lyon-sud':
          return problem(404, { detail: 'institution not found' });
        case 'PUT /api/v1/institutions/lyon-sud':
          return json(200, req.body);
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/console');
    expect(await screen.findAllByText(/Your institution has no public profile yet/)).toHaveLength(2);
    expect(screen.queryByText(/invalid fields/)).not.toBeInTheDocument();
    await user.click(screen.getAllByRole('link', { name: 'Edit the profile of Université de Lyon Sud' })[0]!);
    expect(await screen.findByLabelText('Website')).toHaveValue('https://lyon-sud.example.org');
    await user.click(screen.getByRole('button', { name: 'Save the profile' }));
    expect(await screen.findByText('Profile saved.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PUT')?.body).toMatchObject({ organisation_id: 'org1', name: 'Université de Lyon Sud', country: 'FR' });
  });
});
