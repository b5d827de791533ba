import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SESSION_HINT_KEY } from '../api/client';
import { LANGUAGE_STORAGE_KEY } from '../i18n';
import { aCourse } from '../test/catalogue';
import { fakeServer, json, noContent, problem, searchResponse } from '../test/http';
import { renderApp } from '../test/render';

const ada = { id: 'u1', email: 'ada@example.org', display_name: 'Ada Lovelace', language: 'en', roles: ['learner'] };

describe('site layout', () => {
  it('has a skip link, labelled landmarks and the main navigation', async () => {
    fakeServer(() => json(200, searchResponse([])));
    renderApp('/about');
    await screen.findByRole('heading', { level: 1, name: 'About the Academy' });

    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main');
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main');
    expect(screen.getByRole('contentinfo')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    for (const name of ['Explore', 'Competitions', 'My learning', 'Credentials']) {
      expect(within(nav).getByRole('link', { name })).toBeInTheDocument();
    }
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'About the Academy' })).toHaveAttribute('href', '/about');
    await waitFor(() => expect(document.title).toBe('About the Academy · Academy'));
  });

  it('switches the language, updates <html lang> and remembers the choice', async () => {
    fakeServer(() => json(200, searchResponse([])));
    const { user } = renderApp('/about');
    await screen.findByRole('heading', { level: 1, name: 'About the Academy' });

    await user.selectOptions(screen.getByLabelText('Language'), 'fr');

    expect(await screen.findByRole('heading', { level: 1, name: 'À propos de l’Academy' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('fr');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('fr');
    expect(screen.getByRole('link', { name: 'Aller au contenu' })).toBeInTheDocument();
  });

  it('restores the session from the refresh cookie and signs out from the account menu', async () => {
    localStorage.setItem(SESSION_HINT_KEY, '1');
    const seen = fakeServer((req) => {
      switch (req.url.pathname) {
        case '/api/v1/auth/refresh':
          return json(200, { access_token: 'a2', token_type: 'Bearer', expires_in: 900, user: ada });
        case '/api/v1/me':
          return req.headers.get('Authorization') === 'Bearer a2' ? json(200, ada) : problem(401);
        case '/api/v1/auth/logout':
          return noContent();
        case '/api/v1/competitions':
          return json(200, { items: [] });
        default:
          return json(200, searchResponse([]));
      }
    });
    const { user, router } = renderApp('/about');

    const menuButton = await screen.findByRole('button', { name: /Ada Lovelace/ });
    expect(menuButton).toHaveAttribute('aria-expanded', 'false');
    await user.click(menuButton);
    expect(menuButton).toHaveAttribute('aria-expanded', 'true');
    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    const logout = seen.find((r) => r.url.pathname === '/api/v1/auth/logout');
    expect(logout?.body).toEqual({});
    expect(logout?.headers.get('X-Academy-Session')).toBe('cookie');
    expect(localStorage.getItem(SESSION_HINT_KEY)).toBeNull();
    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('closes the account menu with Escape and returns focus to its button', async () => {
    localStorage.setItem(SESSION_HINT_KEY, '1');
    fakeServer((req) =>
      req.url.pathname === '/api/v1/auth/refresh'
        ? json(200, { access_token: 'a', token_type: 'Bearer', expires_in: 900, user: ada })
        : json(200, ada),
    );
    const { user } = renderApp('/about');
    const menuButton = await screen.findByRole('button', { name: /Ada Lovelace/ });
    await user.click(menuButton);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(menuButton).toHaveAttribute('aria-expanded', 'false'));
    expect(menuButton).toHaveFocus();
    expect(screen.queryByRole('link', { name: 'Account' })).not.toBeInTheDocument();
  });
});

describe('routes', () => {
  it('sends a signed-out visitor from the account page to sign in, and back after', async () => {
    fakeServer(() => problem(404));
    const { router } = renderApp('/account');
    await waitFor(() => expect(router.state.location.pathname).toBe('/signin'));
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/account');
  });

  it('shows a not-found page for unknown paths', async () => {
    renderApp('/no/such/page');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
  });

  it('shows a course title and summary, and not-found for an unknown course', async () => {
    fakeServer((req) =>
      req.url.pathname === '/api/v1/courses/ai-101'
        ? json(200, aCourse())
        : problem(404),
    );
    const { router } = renderApp('/courses/ai-101');
    expect(await screen.findByRole('heading', { level: 1, name: 'AI for everyone' })).toBeInTheDocument();
    expect(screen.getByText('What AI is and is not.')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('AI for everyone · Academy'));

    await router.navigate('/programmes/nope');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
  });

  it('gives the ESCO attribution on the about page', async () => {
    renderApp('/about');
    expect(await screen.findByText('This service uses the ESCO classification of the European Commission.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Visit the ESCO website' })).toHaveAttribute('href', 'https://esco.ec.europa.eu/');
    expect(screen.getByRole('link', { name: /CC BY 4\.0/ })).toHaveAttribute('href', 'https://creativecommons.org/licenses/by/4.0/');
    expect(screen.getByText(/ESCO v1\.2\.0/)).toBeInTheDocument();
  });
});
