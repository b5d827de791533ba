import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SESSION_HINT_KEY } from '../api/client';
import { fakeServer, json, problem } from '../test/http';
import { renderApp } from '../test/render';

const ada = { id: 'u1', email: 'ada@example.org', display_name: 'Ada Lovelace', language: 'en', roles: ['learner'] };

async function fillAndSubmit(user: ReturnType<typeof renderApp>['user']) {
  await user.type(await screen.findByLabelText('Email address'), 'ada@example.org');
  await user.type(screen.getByLabelText('Password'), 'correct horse battery staple');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign in', () => {
  it('signs in, remembers the session without holding its refresh token, shows the account menu and goes where the person was heading', async () => {
    const seen = fakeServer((req) => {
      if (req.url.pathname === '/api/v1/auth/login') {
        return json(200, { access_token: 'a1', token_type: 'Bearer', expires_in: 900, user: ada });
      }
      return problem(404);
    });
    const { user, router } = renderApp('/signin?next=%2Fabout');
    await fillAndSubmit(user);

    await waitFor(() => expect(router.state.location.pathname).toBe('/about'));
    expect(seen.find((r) => r.url.pathname === '/api/v1/auth/login')?.body).toEqual({
      email: 'ada@example.org',
      password: 'correct horse battery staple',
    });
    expect(localStorage.getItem(SESSION_HINT_KEY)).toBe('1');
    expect(JSON.stringify({ ...localStorage })).not.toContain('a1');
    expect(seen.find((r) => r.url.pathname === '/api/v1/auth/login')?.headers.get('X-Academy-Session')).toBe('cookie');
    expect(screen.getByRole('button', { name: /Ada Lovelace/ })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Sign in' })).not.toBeInTheDocument();
  });

  it('says "Wrong email or password" on 401 and moves focus to the message', async () => {
    fakeServer(() => problem(401, { detail: 'invalid credentials' }));
    const { user } = renderApp('/signin');
    await fillAndSubmit(user);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Wrong email or password.');
    await waitFor(() => expect(alert).toHaveFocus());
  });

  it('tells how long to wait on 429, from Retry-After', async () => {
    fakeServer(() => problem(429, {}, { 'Retry-After': '120' }));
    const { user } = renderApp('/signin');
    await fillAndSubmit(user);

    expect(await screen.findByRole('alert')).toHaveTextContent('Too many sign-in attempts. Please try again in 2 minutes.');
  });

  it('says it in German when the interface is German', async () => {
    localStorage.setItem('academy.language', 'de');
    const i18n = (await import('../i18n')).default;
    await i18n.changeLanguage('de');
    fakeServer(() => problem(429, {}, { 'Retry-After': '30' }));
    const { user } = renderApp('/signin');
    await user.type(await screen.findByLabelText('E-Mail-Adresse'), 'ada@example.org');
    await user.type(screen.getByLabelText('Passwort'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Anmelden' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Bitte versuchen Sie es in 30 Sekunden erneut.');
  });
});
