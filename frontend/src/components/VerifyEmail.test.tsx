import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer, json, noContent, problem } from '../test/http';
import { renderApp } from '../test/render';
import { lea, signedIn } from '../test/session';

describe('email verification', () => {
  it('confirms the address with the token of the link, sent once', async () => {
    let verified = false;
    const seen = signedIn(
      (req) => {
        if (req.url.pathname === '/api/v1/auth/verify-email') {
          verified = true;
          return noContent();
        }
        return undefined;
      },
      { ...lea, email_verified: false },
    );
    renderApp('/verify-email?token=abc');
    expect(await screen.findByText('Your email address is confirmed. Thank you!')).toBeInTheDocument();
    const uses = seen.filter((r) => r.url.pathname === '/api/v1/auth/verify-email');
    expect(uses).toHaveLength(1);
    expect(uses[0]!.body).toEqual({ token: 'abc' });
    expect(verified).toBe(true);
  });

  it('says when the link is used or expired', async () => {
    fakeServer(() => problem(400, { detail: 'the verification link is invalid, used or expired' }));
    renderApp('/verify-email?token=old');
    expect(await screen.findByRole('alert')).toHaveTextContent('This link is invalid, used or expired.');
  });

  it('reminds an unverified person and sends the link again', async () => {
    const seen = signedIn(
      (req) => (req.method === 'POST' && req.url.pathname === '/api/v1/me/email/verification' ? json(202, { status: 'accepted' }) : undefined),
      { ...lea, email_verified: false },
    );
    const { user } = renderApp('/account');
    const banner = await screen.findByRole('region', { name: 'Email confirmation' });
    expect(banner).toHaveTextContent('we sent a link to lea@example.org');
    await user.click(screen.getByRole('button', { name: 'Send the link again' }));
    expect(await screen.findByText('We sent a new link. Check your inbox.')).toBeInTheDocument();
    expect(seen.filter((r) => r.url.pathname === '/api/v1/me/email/verification')).toHaveLength(1);
  });

  it('shows no reminder to a verified person', async () => {
    signedIn(() => undefined, { ...lea, email_verified: true });
    renderApp('/account');
    expect(await screen.findByRole('heading', { level: 1, name: 'Your account' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Email confirmation' })).not.toBeInTheDocument());
  });
});
