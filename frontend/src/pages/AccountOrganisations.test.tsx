import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, noContent, problem } from '../test/http';
import { renderApp } from '../test/render';
import { lea, signedIn } from '../test/session';

const acme = { id: 'o1', kind: 'company', name: 'Acme AI', slug: 'acme-ai', country: 'DE', verified: true, role: 'staff' };
const invitation = { id: 'i1', org_id: 'o1', org_name: 'Acme AI', role: 'staff', expires_at: '2025-03-16T10:00:00Z' };

afterEach(() => vi.restoreAllMocks());

describe('organisations on the account page', () => {
  it('accepts an invitation, after which the organisation is listed', async () => {
    let joined = false;
    const seen = signedIn((req) => {
      if (req.url.pathname === '/api/v1/me/invitations') {
        return json(200, { items: joined ? [] : [invitation] });
      }
      if (req.url.pathname === '/api/v1/orgs') {
        return json(200, { items: joined ? [acme] : [] });
      }
      if (req.method === 'POST' && req.url.pathname === '/api/v1/me/invitations/i1/accept') {
        joined = true;
        return json(200, acme);
      }
      return undefined;
    });
    const { user } = renderApp('/account');
    expect(await screen.findByText('Acme AI invites you to join as staff.', { exact: false })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Accept the invitation of Acme AI' }));

    expect(await screen.findByRole('status')).toHaveTextContent('You joined Acme AI.');
    const list = await screen.findByRole('list', { name: 'Your organisations' });
    expect(within(list).getByText('Acme AI')).toBeInTheDocument();
    expect(seen.some((r) => r.method === 'POST' && r.url.pathname === '/api/v1/me/invitations/i1/accept')).toBe(true);
  });

  it('declines an invitation', async () => {
    const seen = signedIn((req) => {
      if (req.url.pathname === '/api/v1/me/invitations') {
        return json(200, { items: seen.some((r) => r.url.pathname.endsWith('/decline')) ? [] : [invitation] });
      }
      if (req.method === 'POST' && req.url.pathname === '/api/v1/me/invitations/i1/decline') {
        return noContent();
      }
      return undefined;
    });
    const { user } = renderApp('/account');
    await user.click(await screen.findByRole('button', { name: 'Decline the invitation of Acme AI' }));
    expect(await screen.findByRole('status')).toHaveTextContent('You declined the invitation of Acme AI.');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Decline the invitation of Acme AI' })).not.toBeInTheDocument());
  });

  it('leaves an organisation, and explains why its last owner cannot', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const owned = { ...acme, id: 'o2', name: 'Lea Labs', slug: 'lea-labs', role: 'owner' };
    let left = false;
    signedIn((req) => {
      if (req.url.pathname === '/api/v1/orgs') {
        return json(200, { items: left ? [owned] : [acme, owned] });
      }
      if (req.method === 'DELETE' && req.url.pathname === '/api/v1/orgs/o1/members/me') {
        left = true;
        return noContent();
      }
      if (req.method === 'DELETE' && req.url.pathname === '/api/v1/orgs/o2/members/me') {
        return problem(409, { detail: 'an organisation keeps at least one owner' });
      }
      return undefined;
    });
    const { user } = renderApp('/account');
    await user.click(await screen.findByRole('button', { name: 'Leave Acme AI' }));
    expect(await screen.findByRole('status')).toHaveTextContent('You left Acme AI.');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Leave Acme AI' })).not.toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: 'Leave Lea Labs' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('You are the last owner of Lea Labs');
  });

  it('asks an unverified person to confirm their address before showing invitations', async () => {
    const seen = signedIn(() => undefined, { ...lea, email_verified: false });
    renderApp('/account');
    expect(await screen.findByText('Confirm your email address to see the invitations sent to it.')).toBeInTheDocument();
    expect(seen.some((r) => r.url.pathname === '/api/v1/me/invitations')).toBe(false);
  });
});
