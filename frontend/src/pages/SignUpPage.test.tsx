import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer, json, problem } from '../test/http';
import { renderApp } from '../test/render';

const grace = { id: 'u2', email: 'grace@example.org', display_name: 'Grace Hopper', language: 'fr', roles: ['learner'] };

async function fillAndSubmit(user: ReturnType<typeof renderApp>['user']) {
  await user.type(await screen.findByLabelText('Name'), 'Grace Hopper');
  await user.type(screen.getByLabelText('Email address'), 'grace@example.org');
  await user.type(screen.getByLabelText('Password'), 'short');
  await user.selectOptions(screen.getByLabelText('Preferred language'), 'fr');
  await user.click(screen.getByRole('button', { name: 'Create account' }));
}

describe('sign up', () => {
  it('shows each field error next to its field and ties it with aria-describedby', async () => {
    fakeServer(() =>
      problem(400, {
        errors: [
          { field: 'password', message: 'must be at least 12 characters' },
          { field: 'email', message: 'is not an email address' },
        ],
      }),
    );
    const { user } = renderApp('/signup');
    await fillAndSubmit(user);

    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password).toHaveAttribute('aria-invalid', 'true'));
    expect(password).toHaveAccessibleDescription(expect.stringContaining('Must be at least 12 characters'));
    expect(screen.getByLabelText('Email address')).toHaveAccessibleDescription('Is not an email address');
    expect(screen.getByLabelText('Name')).not.toHaveAttribute('aria-invalid');
    await waitFor(() => expect(screen.getByLabelText('Email address')).toHaveFocus());
  });

  it('registers with the chosen language, then signs in and opens the dashboard', async () => {
    const seen = fakeServer((req) => {
      switch (req.url.pathname) {
        case '/api/v1/auth/register':
          return json(202, { status: 'accepted' });
        case '/api/v1/auth/login':
          return json(200, { access_token: 'a', token_type: 'Bearer', expires_in: 900, user: grace });
        case '/api/v1/me':
          return json(200, grace);
        case '/api/v1/orgs':
          return json(200, { items: [] });
        default:
          return problem(404);
      }
    });
    const { user, router } = renderApp('/signup');
    await fillAndSubmit(user);

    await waitFor(() => expect(router.state.location.pathname).toBe('/dashboard'));
    expect(seen[0]!.body).toEqual({ email: 'grace@example.org', password: 'short', display_name: 'Grace Hopper', language: 'fr' });
    expect(seen[1]!.url.pathname).toBe('/api/v1/auth/login');
    // The account's language becomes the interface language.
    expect(await screen.findByRole('heading', { level: 1, name: 'Bon retour, Grace Hopper' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('fr');
  });

  it('never says an address is taken: the sign-in that follows fails, and the page says to check the inbox', async () => {
    fakeServer((req) => {
      switch (req.url.pathname) {
        case '/api/v1/auth/register':
          return json(202, { status: 'accepted' });
        case '/api/v1/auth/login':
          return problem(401, { detail: 'the email or the password is wrong' });
        default:
          return problem(404);
      }
    });
    const { user, router } = renderApp('/signup');
    await fillAndSubmit(user);

    await waitFor(() => expect(router.state.location.pathname).toBe('/signin'));
    expect(await screen.findByRole('status')).toHaveTextContent('Check your inbox');
    expect(screen.queryByText(/already an account with this email/)).not.toBeInTheDocument();
  });
});
