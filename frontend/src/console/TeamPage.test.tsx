import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, problem } from '../test/http';
import { renderApp } from '../test/render';
import { signedIn } from '../test/session';

const company = { id: 'c1', kind: 'company', name: 'Muster GmbH', slug: 'muster-gmbh', country: 'DE', verified: true, role: 'owner' };
const team = {
  org_id: 'c1',
  org_name: 'Muster GmbH',
  members: [
    { org_id: 'c1', user_id: 'u-ada', display_name: 'Ada', email: 'ada@example.org', joined_at: '2026-11-02T10:00:00Z', sharing: true },
    { org_id: 'c1', user_id: 'u-bob', display_name: 'Bob', email: 'bob@example.org', joined_at: '2026-11-02T11:00:00Z', sharing: false },
  ],
  paths: [],
  occupations: [],
  literacy_courses: ['ai-literacy-for-everyone'],
};
const record = {
  org_id: 'c1',
  org_name: 'Muster GmbH',
  generated_at: '2026-12-03T09:00:00Z',
  courses: [{ slug: 'ai-literacy-for-everyone', title: 'AI Literacy for Everyone' }],
  members: 2,
  completed: [
    {
      user_id: 'u-ada',
      display_name: 'Ada',
      course: 'ai-literacy-for-everyone',
      credential: 'AI Literacy for Everyone',
      credential_id: 'cred1',
      issued_at: '2026-11-20T10:00:00Z',
      verify_url: 'http://localhost/verify/cred1',
    },
  ],
  not_yet: [],
  not_sharing: 1,
};

function companyServer(extra: Parameters<typeof signedIn>[0] = () => undefined) {
  return signedIn((req) => {
    const path = req.url.pathname;
    const answer = extra(req);
    if (answer) {
      return answer;
    }
    if (path === '/api/v1/orgs') {
      return json(200, { items: [company] });
    }
    if (path === '/api/v1/orgs/c1/team') {
      return json(200, team);
    }
    if (path === '/api/v1/orgs/c1/team/invitations') {
      return json(200, { items: [] });
    }
    if (path === '/api/v1/orgs/c1/team/progress') {
      return json(200, { paths: [], sharing: 1, not_sharing: 1 });
    }
    if (path === '/api/v1/orgs/c1/team/skills') {
      return json(200, { sharing: 1, not_sharing: 1, proven: [], occupations: [] });
    }
    if (path === '/api/v1/orgs/c1/team/ai-literacy') {
      return json(200, record);
    }
    return undefined;
  });
}

afterEach(() => vi.restoreAllMocks());

describe('the team console', () => {
  it('leads a company owner from the console to its team', async () => {
    companyServer();
    const { user } = renderApp('/console');
    await user.click(await screen.findByRole('link', { name: 'Team learning of Muster GmbH' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Team learning of Muster GmbH' })).toBeInTheDocument();
    expect(screen.queryByText(/Ask an owner/)).not.toBeInTheDocument();
  });

  it('shows the AI-literacy record naming only who shares, and counts the others', async () => {
    companyServer();
    renderApp('/console/teams/c1');
    const section = await screen.findByRole('region', { name: 'AI-literacy record' });
    expect(await within(section).findByText('2 members: 1 completed an AI-literacy course, 0 not yet, 1 do not share their learning.')).toBeInTheDocument();
    const completed = within(section).getByRole('table', { name: 'Completed' });
    expect(within(completed).getByRole('rowheader', { name: 'Ada' })).toBeInTheDocument();
    expect(within(completed).getByRole('link', { name: 'Verify the credential of Ada' })).toHaveAttribute('href', 'http://localhost/verify/cred1');
    expect(within(section).getByText('1 members do not share their learning with you: they are counted, not named.')).toBeInTheDocument();
    expect(within(section).queryByText(/Bob/)).not.toBeInTheDocument();
    const members = screen.getByRole('table', { name: 'Members (2)' });
    expect(within(within(members).getByRole('row', { name: /Bob/ })).getByText('No')).toBeInTheDocument();
  });

  it('shows the server’s objection at the email field', async () => {
    companyServer((req) =>
      req.method === 'POST' && req.url.pathname === '/api/v1/orgs/c1/team/invitations'
        ? problem(400, { errors: [{ field: 'email', message: 'must be an email address such as name@example.org' }] })
        : undefined,
    );
    const { user } = renderApp('/console/teams/c1');
    const invite = await screen.findByRole('region', { name: 'Invite employees' });
    await user.type(within(invite).getByLabelText('Email address'), 'not an address');
    await user.click(within(invite).getByRole('button', { name: 'Send invitation' }));
    expect(await within(invite).findByText('Must be an email address such as name@example.org')).toBeInTheDocument();
    expect(within(invite).getByLabelText('Email address')).toHaveAttribute('aria-invalid', 'true');
  });
});
