import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../test/http';
import { renderApp } from '../test/render';
import { signedIn } from '../test/session';

const invitation = { id: 'ti1', org_id: 'c1', org_name: 'Muster GmbH', email: 'lea@example.org', status: 'pending', created_at: '2026-11-01T10:00:00Z', expires_at: '2026-11-15T10:00:00Z' };

function team(sharing: boolean) {
  return {
    org_id: 'c1',
    org_name: 'Muster GmbH',
    joined_at: '2026-11-02T10:00:00Z',
    sharing,
    paths: [
      {
        path_id: 'p1',
        name: 'AI for everyone',
        courses: [
          { slug: 'ai-literacy-for-everyone', title: 'AI Literacy for Everyone', due: '2026-01-31', status: 'in-progress', percent: 40, overdue: true },
          { slug: 'ai-adoption-for-smes', title: 'AI Adoption for SMEs', status: 'completed', percent: 100, overdue: false },
        ],
      },
    ],
  };
}

afterEach(() => vi.restoreAllMocks());

describe('the teams page', () => {
  it('joins a team sharing nothing, then shares and stops sharing with the company', async () => {
    let joined = false;
    let sharing = false;
    const seen = signedIn((req) => {
      if (req.url.pathname === '/api/v1/me/teams/invitations') {
        return json(200, { items: joined ? [] : [invitation] });
      }
      if (req.url.pathname === '/api/v1/me/teams') {
        return json(200, { items: joined ? [team(sharing)] : [] });
      }
      if (req.method === 'POST' && req.url.pathname === '/api/v1/me/teams/invitations/ti1/accept') {
        joined = true;
        return json(200, team(false));
      }
      if (req.method === 'PUT' && req.url.pathname === '/api/v1/me/teams/c1/sharing') {
        sharing = (req.body as { share: boolean }).share;
        return json(200, team(sharing));
      }
      return undefined;
    });
    const { user } = renderApp('/teams');
    expect(await screen.findByText('Muster GmbH invites you to its learning team.', { exact: false })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Join the team of Muster GmbH' }));
    expect(await screen.findByRole('status')).toHaveTextContent('You joined the team of Muster GmbH.');
    const card = await screen.findByRole('article', { name: 'Muster GmbH' });
    expect(within(card).getByText(/Muster GmbH does not see your progress or credentials/)).toBeInTheDocument();
    expect(within(card).getByRole('heading', { name: 'AI for everyone' })).toBeInTheDocument();
    expect(within(card).getByText('AI Literacy for Everyone')).toBeInTheDocument();
    expect(within(card).getByText('overdue')).toBeInTheDocument();
    expect(within(card).getByText('completed')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Open the course AI Literacy for Everyone' })).toHaveAttribute('href', '/courses/ai-literacy-for-everyone');

    await user.click(within(card).getByRole('button', { name: 'Share my progress with Muster GmbH' }));
    expect(await screen.findByRole('status')).toHaveTextContent('You now share your progress and credentials with Muster GmbH.');
    await user.click(await within(await screen.findByRole('article', { name: 'Muster GmbH' })).findByRole('button', { name: 'Stop sharing with Muster GmbH' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Muster GmbH no longer sees your progress or credentials.');
    const puts = seen.filter((r) => r.method === 'PUT').map((r) => r.body);
    expect(puts).toEqual([{ share: true }, { share: false }]);
  });
});
