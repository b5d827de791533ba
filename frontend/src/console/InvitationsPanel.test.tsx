import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Org, OrgInvitation } from '../api/console';
import { json, noContent, problem } from '../test/http';
import { renderApp } from '../test/render';
import { signedIn } from '../test/session';

const datenwerk: Org = { id: 'org1', kind: 'provider', name: 'Datenwerk', slug: 'datenwerk', country: 'DE', verified: true, role: 'owner' };

function invitation(id: string, email: string): OrgInvitation {
  return { id, email, role: 'staff', status: 'pending', created_at: '2025-03-09T10:00:00Z', expires_at: '2025-03-16T10:00:00Z' };
}

describe('console invitations', () => {
  it('invites an address, lists it as pending, and revokes it', async () => {
    let pending: OrgInvitation[] = [];
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/orgs':
          return json(200, { items: [datenwerk] });
        case 'GET /api/v1/courses':
        case 'GET /api/v1/programmes':
          return json(200, { items: [] });
        case 'GET /api/v1/orgs/org1/invitations':
          return json(200, { items: pending });
        case 'POST /api/v1/orgs/org1/invitations':
          pending = [invitation('i1', 'grace@example.org')];
          return json(201, pending[0]);
        case 'DELETE /api/v1/orgs/org1/invitations/i1':
          pending = [];
          return noContent();
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/console');
    expect(await screen.findByText('No pending invitations.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Email address'), 'grace@example.org');
    await user.selectOptions(screen.getByLabelText('Role'), 'staff');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Invitation sent to grace@example.org.');
    const table = await screen.findByRole('table', { name: 'Pending invitations' });
    expect(within(table).getByRole('rowheader', { name: 'grace@example.org' })).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST' && r.url.pathname === '/api/v1/orgs/org1/invitations')!.body).toEqual({
      email: 'grace@example.org',
      role: 'staff',
    });

    await user.click(screen.getByRole('button', { name: 'Revoke the invitation to grace@example.org' }));
    expect(await screen.findByText('No pending invitations.')).toBeInTheDocument();
  });

  it('names the bad field', async () => {
    signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/orgs':
          return json(200, { items: [datenwerk] });
        case 'GET /api/v1/courses':
        case 'GET /api/v1/programmes':
          return json(200, { items: [] });
        case 'POST /api/v1/orgs/org1/invitations':
          return problem(400, { detail: 'the request has invalid fields', errors: [{ field: 'email', message: 'is not an email address' }] });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/console');
    await user.type(await screen.findByLabelText('Email address'), 'grace');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    await waitFor(() => expect(screen.getByLabelText('Email address')).toHaveAccessibleDescription('Is not an email address'));
  });

  it('is shown to owners only', async () => {
    signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/orgs':
          return json(200, { items: [{ ...datenwerk, role: 'staff' }] });
        case 'GET /api/v1/courses':
        case 'GET /api/v1/programmes':
          return json(200, { items: [] });
        default:
          return undefined;
      }
    });
    renderApp('/console');
    expect(await screen.findByRole('heading', { name: 'Datenwerk' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send invitation' })).not.toBeInTheDocument();
  });
});
