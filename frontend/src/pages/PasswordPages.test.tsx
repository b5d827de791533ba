import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer, json, noContent, problem } from '../test/http';
import { renderApp } from '../test/render';

describe('forgot password', () => {
  it.each([
    ['the JSON the server sends', () => json(202, { status: 'accepted' })],
    ['an empty body', () => new Response(null, { status: 202 })],
    ['a plain-text status line', () => new Response('Accepted', { status: 202, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })],
  ])('always answers with the same message once the request is accepted, with %s', async (_, answer) => {
    const seen = fakeServer(answer);
    const { user } = renderApp('/password/forgot');
    await user.type(await screen.findByLabelText('Email address'), 'someone@example.org');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));

    expect(await screen.findByRole('status')).toHaveTextContent('If there is an account for someone@example.org');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(seen[0]!.body).toEqual({ email: 'someone@example.org' });
  });
});

describe('reset password', () => {
  it('sends the token from the link with the new password', async () => {
    const seen = fakeServer(() => noContent());
    const { user } = renderApp('/password/reset?token=tok-123');
    await user.type(await screen.findByLabelText('New password'), 'a much longer passphrase');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a much longer passphrase');
    await user.click(screen.getByRole('button', { name: 'Save new password' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Your password has been changed.');
    expect(seen[0]!.url.pathname).toBe('/api/v1/auth/password/reset');
    expect(seen[0]!.body).toEqual({ token: 'tok-123', password: 'a much longer passphrase' });
  });

  it('catches a mistyped repetition before sending anything', async () => {
    const seen = fakeServer(() => noContent());
    const { user } = renderApp('/password/reset?token=tok-123');
    await user.type(await screen.findByLabelText('New password'), 'first version');
    await user.type(screen.getByLabelText('Repeat the new password'), 'second version');
    await user.click(screen.getByRole('button', { name: 'Save new password' }));

    expect(screen.getByLabelText('Repeat the new password')).toHaveAccessibleDescription("The two passwords don't match.");
    expect(seen).toHaveLength(0);
  });

  it('offers a new link when the token is refused', async () => {
    fakeServer(() => problem(400, { errors: [{ field: 'token', message: 'has expired' }] }));
    const { user } = renderApp('/password/reset?token=old');
    await user.type(await screen.findByLabelText('New password'), 'a much longer passphrase');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a much longer passphrase');
    await user.click(screen.getByRole('button', { name: 'Save new password' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('This reset link is invalid or has expired.');
    expect(screen.getByRole('link', { name: 'Request a new link' })).toHaveAttribute('href', '/password/forgot');
  });
});
