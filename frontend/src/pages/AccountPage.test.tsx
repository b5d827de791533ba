import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SESSION_HINT_KEY } from '../api/client';
import { fakeServer, json, noContent, problem, type SeenRequest } from '../test/http';
import { renderApp } from '../test/render';
import { emptyMemberships } from '../test/session';

const ada = { id: 'u1', email: 'ada@example.org', display_name: 'Ada', language: 'en', roles: ['learner'], created_at: '2025-03-09T10:00:00Z' };

/** A signed-in session for Ada, answering the account endpoints with handle. */
function signedIn(handle: (req: SeenRequest) => Response | undefined): SeenRequest[] {
  localStorage.setItem(SESSION_HINT_KEY, '1');
  return fakeServer((req) => {
    if (req.url.pathname === '/api/v1/auth/refresh') {
      return json(200, { access_token: 'a', token_type: 'Bearer', expires_in: 900, user: ada });
    }
    if (req.method === 'GET' && req.url.pathname === '/api/v1/me') {
      return json(200, ada);
    }
    return handle(req) ?? emptyMemberships(req) ?? problem(404);
  });
}

describe('account page', () => {
  it('shows the email and the membership date in the interface language', async () => {
    signedIn(() => undefined);
    renderApp('/account');
    expect(await screen.findByText('ada@example.org')).toBeInTheDocument();
    expect(screen.getByText('March 9, 2025')).toBeInTheDocument();
  });

  it('saves the name and language and switches the interface to that language', async () => {
    const seen = signedIn((req) =>
      req.method === 'PATCH' ? json(200, { ...ada, ...(req.body as object) }) : undefined,
    );
    const { user } = renderApp('/account');
    const name = await screen.findByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Ada King');
    await user.selectOptions(screen.getByLabelText('Preferred language'), 'de');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Ihr Konto' })).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PATCH')?.body).toEqual({ display_name: 'Ada King', language: 'de' });
    expect(screen.getByRole('button', { name: /Ada King/ })).toBeInTheDocument();
  });

  it('changes the password and says so when the current one is wrong', async () => {
    let attempts = 0;
    const seen = signedIn((req) => {
      if (req.url.pathname !== '/api/v1/me/password') {
        return undefined;
      }
      attempts++;
      return attempts === 1 ? problem(400, { errors: [{ field: 'current_password', message: 'is not your password' }] }) : noContent();
    });
    const { user } = renderApp('/account');
    await user.type(await screen.findByLabelText('Current password'), 'wrong');
    await user.type(screen.getByLabelText('New password'), 'a much longer passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(screen.getByLabelText('Current password')).toHaveAccessibleDescription('Is not your password'));

    await user.clear(screen.getByLabelText('Current password'));
    await user.type(screen.getByLabelText('Current password'), 'right');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect(await screen.findByText('Your password has been changed.')).toBeInTheDocument();
    expect(seen.filter((r) => r.url.pathname === '/api/v1/me/password').map((r) => r.body)).toEqual([
      { current_password: 'wrong', new_password: 'a much longer passphrase' },
      { current_password: 'right', new_password: 'a much longer passphrase' },
    ]);
    expect(screen.getByLabelText('Current password')).toHaveValue('');
  });

  it('deletes the account once the password confirms it, says why it cannot, and lands signed out on the home page', async () => {
    let attempts = 0;
    const seen = signedIn((req) => {
      if (req.url.pathname === '/api/v1/auth/logout') {
        return problem(401);
      }
      if (req.url.pathname !== '/api/v1/me/deletion') {
        return undefined;
      }
      attempts++;
      if (attempts === 1) {
        return problem(409, { type: 'urn:academy:problem:last-owner', code: 'last-owner', detail: 'an organisation keeps at least one owner' });
      }
      return noContent();
    });
    const { user, router } = renderApp('/account');
    await user.click(await screen.findByRole('button', { name: 'Delete my account…' }));
    await user.type(screen.getByLabelText('Your password, to confirm'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Delete my account for good' }));
    expect(await screen.findByText(/You are the last owner of an organisation/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Delete my account for good' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(await screen.findByText('Your account was deleted.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    expect(seen.filter((r) => r.url.pathname === '/api/v1/me/deletion').map((r) => r.body)).toEqual([
      { password: 'correct horse' },
      { password: 'correct horse' },
    ]);
    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeInTheDocument();
    expect(seen.some((r) => r.url.pathname === '/api/v1/auth/logout')).toBe(true);
  });

  it('downloads the data export, and says so when it cannot be prepared', async () => {
    let calls = 0;
    const seen = signedIn((req) => {
      if (req.url.pathname !== '/api/v1/me/export') {
        return undefined;
      }
      calls++;
      return calls === 1 ? problem(500) : json(200, { sections: { account: ada } });
    });
    const created: Blob[] = [];
    URL.createObjectURL = (b: Blob) => {
      created.push(b);
      return 'blob:export';
    };
    URL.revokeObjectURL = () => {};
    const { user } = renderApp('/account');
    await user.click(await screen.findByRole('button', { name: 'Download my data' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your data could not be prepared');
    await user.click(screen.getByRole('button', { name: 'Download my data' }));
    await waitFor(() => expect(created).toHaveLength(1));
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(created[0]!);
    });
    expect(JSON.parse(text)).toEqual({ sections: { account: ada } });
    expect(seen.filter((r) => r.url.pathname === '/api/v1/me/export')).toHaveLength(2);
  });
});
