import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SESSION_HINT_KEY } from '../api/client';
import type { WalletCredential } from '../api/credentials';
import i18n from '../i18n';
import { fakeServer, json, problem, type SeenRequest } from '../test/http';
import { renderApp } from '../test/render';

const lea = { id: 'u2', email: 'lea@example.org', display_name: 'Lea', language: 'en', roles: ['learner'] };

function credential(id: string, fields: Partial<WalletCredential> = {}): WalletCredential {
  const api = `http://academy.test/api/v1/credentials/${id}`;
  return {
    id,
    name: 'Machine Learning Foundations',
    achievement_id: 'c1',
    issuer_name: 'AI Skills Academy',
    issuer_slug: 'ai-skills-academy',
    micro_credential: true,
    issued_at: '2026-03-09T10:00:00Z',
    status: 'active',
    credential_url: `http://academy.test/credentials/${id}`,
    verify_url: `http://academy.test/verify/${id}`,
    json_url: api,
    jwt_url: `${api}/credential.jwt`,
    certificate_url: `${api}/certificate.pdf`,
    linkedin_url: `https://www.linkedin.com/profile/add?certId=${id}`,
    ...fields,
  };
}

/** A signed-in session for Lea whose wallet answers with pages. */
function wallet(pages: Record<string, { items: WalletCredential[]; next_cursor?: string }>): SeenRequest[] {
  localStorage.setItem(SESSION_HINT_KEY, '1');
  return fakeServer((req) => {
    if (req.url.pathname === '/api/v1/auth/refresh') {
      return json(200, { access_token: 'a', token_type: 'Bearer', expires_in: 900, user: lea });
    }
    if (req.url.pathname === '/api/v1/me') {
      return json(200, lea);
    }
    if (req.url.pathname === '/api/v1/me/credentials') {
      return json(200, pages[req.url.searchParams.get('cursor') ?? ''] ?? { items: [] });
    }
    return problem(404);
  });
}

describe('credentials wallet', () => {
  it('lists each credential with its issuer, date and status, and downloads in the interface language', async () => {
    wallet({ '': { items: [credential('cr1')] } });
    await i18n.changeLanguage('fr');
    renderApp('/credentials');

    const card = await screen.findByRole('article', { name: 'Machine Learning Foundations' });
    expect(within(card).getByText('Microcertification européenne')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'AI Skills Academy' })).toHaveAttribute('href', '/institutions/ai-skills-academy');
    expect(within(card).getByText('9 mars 2026')).toBeInTheDocument();
    expect(within(card).getByText('Valide')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Certificat (PDF)' })).toHaveAttribute(
      'href',
      '/api/v1/credentials/cr1/certificate.pdf?lang=fr',
    );
    expect(within(card).getByRole('link', { name: 'JSON Open Badges' })).toHaveAttribute('href', '/api/v1/credentials/cr1');
    expect(within(card).getByRole('link', { name: 'Attestation signée (JWT)' })).toHaveAttribute(
      'href',
      '/api/v1/credentials/cr1/credential.jwt',
    );
    expect(within(card).getByRole('link', { name: /Ajouter au profil LinkedIn/ })).toHaveAttribute(
      'href',
      'https://www.linkedin.com/profile/add?certId=cr1',
    );
  });

  it('copies the public verification link and says so', async () => {
    wallet({ '': { items: [credential('cr1')] } });
    const { user } = renderApp('/credentials');
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');

    const card = await screen.findByRole('article', { name: 'Machine Learning Foundations' });
    const link = within(card).getByLabelText('Link anyone can use to check this credential');
    expect(link).toHaveValue(`${window.location.origin}/verify/cr1`);
    await user.click(within(card).getByRole('button', { name: 'Copy link' }));

    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/verify/cr1`);
    // The clipboard answers asynchronously.
    await waitFor(() => expect(within(card).getByRole('status')).toHaveTextContent('Link copied to the clipboard.'));
  });

  it('selects the link for copying by hand when the clipboard refuses', async () => {
    wallet({ '': { items: [credential('cr1')] } });
    const { user } = renderApp('/credentials');
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('denied', 'NotAllowedError'));

    const card = await screen.findByRole('article', { name: 'Machine Learning Foundations' });
    await user.click(within(card).getByRole('button', { name: 'Copy link' }));

    // The clipboard refuses asynchronously.
    await waitFor(() => expect(within(card).getByRole('status')).toHaveTextContent('The link could not be copied automatically.'));
    await waitFor(() => expect(within(card).getByLabelText('Link anyone can use to check this credential')).toHaveFocus());
  });

  it('marks a revoked credential and offers no way to share it', async () => {
    wallet({ '': { items: [credential('cr2', { status: 'revoked' })] } });
    renderApp('/credentials');

    const card = await screen.findByRole('article', { name: 'Machine Learning Foundations' });
    expect(within(card).getByText('Revoked')).toBeInTheDocument();
    expect(within(card).getByText(/The issuer has revoked this credential/)).toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: 'Copy link' })).not.toBeInTheDocument();
    expect(within(card).queryByRole('link', { name: /LinkedIn/ })).not.toBeInTheDocument();
  });

  it('loads the next page on request', async () => {
    const seen = wallet({
      '': { items: [credential('cr1')], next_cursor: 'p2' },
      p2: { items: [credential('cr3', { name: 'Data Literacy' })] },
    });
    const { user } = renderApp('/credentials');
    await user.click(await screen.findByRole('button', { name: 'Show more credentials' }));

    expect(await screen.findByRole('article', { name: 'Data Literacy' })).toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'Machine Learning Foundations' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show more credentials' })).not.toBeInTheDocument();
    expect(seen.filter((r) => r.url.pathname === '/api/v1/me/credentials').map((r) => r.url.searchParams.get('cursor'))).toEqual([
      null,
      'p2',
    ]);
  });

  it('invites a member without credentials to find a course', async () => {
    wallet({});
    renderApp('/credentials');
    expect(await screen.findByText(/You have no credentials yet/)).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('link', { name: 'Find something to learn' })).toHaveAttribute('href', '/search?type=course'),
    );
  });
});
