import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { json, noContent, problem } from '../test/http';
import { renderApp } from '../test/render';
import { signedIn } from '../test/session';
import { aLearnerMatch, aMember, aProfile } from '../test/talent';

const notice = { version: '2026-12', purpose: 'talent-pool' };

describe('joining and leaving the talent pool', () => {
  it('shows the notice with its version and joins under that version', async () => {
    let profile = aProfile();
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/me/talent':
          return json(200, profile);
        case 'GET /api/v1/talent/notice':
          return json(200, notice);
        case 'POST /api/v1/me/talent/consent':
          profile = aMember();
          return json(200, profile);
        case 'GET /api/v1/me/talent/matches':
          return json(200, { items: [aLearnerMatch()] });
        case 'GET /api/v1/me/talent/contacts':
          return json(200, { items: [] });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/talent');
    const region = await screen.findByRole('region', { name: 'What joining the talent pool means' });
    expect(within(region).getByText('Notice version 2026-12')).toBeInTheDocument();
    expect(within(region).getByText(/nationality, age, gender, photo/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'I agree: join the talent pool' }));
    expect(await screen.findByText('You are in the talent pool since December 1, 2026.')).toBeInTheDocument();
    expect(seen.find((r) => r.url.pathname === '/api/v1/me/talent/consent')?.body).toEqual({ notice_version: '2026-12' });
    expect(await screen.findByRole('link', { name: '1 matching opening' })).toHaveAttribute('href', '/talent/matches');
  });

  it('asks to read the notice again when it changed meanwhile', async () => {
    let version = '2026-11';
    signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/me/talent':
          return json(200, aProfile());
        case 'GET /api/v1/talent/notice':
          return json(200, { ...notice, version });
        case 'POST /api/v1/me/talent/consent':
          version = '2026-12';
          return problem(422, { code: 'stale-notice', detail: 'the notice has a newer version' });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/talent');
    await user.click(await screen.findByRole('button', { name: 'I agree: join the talent pool' }));
    expect(await screen.findByText('Notice version 2026-12')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('The notice has changed since you opened this page.');
  });

  it('leaves with one click and a confirmation, after which the consent screen is back', async () => {
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/me/talent':
          return json(200, aMember());
        case 'DELETE /api/v1/me/talent/consent':
          return json(200, aProfile());
        case 'GET /api/v1/talent/notice':
          return json(200, notice);
        case 'GET /api/v1/me/talent/matches':
        case 'GET /api/v1/me/talent/contacts':
          return json(200, { items: [] });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/talent');
    await user.click(await screen.findByRole('button', { name: 'Leave the talent pool' }));
    const confirm = screen.getByRole('button', { name: 'Yes, leave now' });
    expect(confirm).toHaveFocus();
    expect(seen.some((r) => r.method === 'DELETE')).toBe(false);
    await user.click(confirm);
    expect(await screen.findByRole('button', { name: 'I agree: join the talent pool' })).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('explains the pool to a visitor and sends them to sign in to join', async () => {
    signedIn(() => undefined);
    localStorage.clear();
    const { router } = renderApp('/talent');
    await waitFor(() => expect(router.state.location.pathname).toBe('/talent'));
    expect(await screen.findByRole('link', { name: 'Sign in to join the talent pool' })).toHaveAttribute('href', '/signin?next=%2Ftalent');
  });
});

describe('matching openings', () => {
  it('explains each match in plain words, links the credential and the courses that fill a gap, and contests it', async () => {
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/me/talent':
          return json(200, aMember());
        case 'GET /api/v1/me/talent/matches':
          return json(200, { items: [aLearnerMatch()] });
        case 'POST /api/v1/me/talent/matches/op1/contest':
          return json(201, { id: 'ct1' });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/talent/matches');
    const card = await screen.findByRole('article', { name: 'Junior data engineer' });
    await user.click(within(card).getByText('Why this match'));
    expect(screen.getByText(/The ranking only advises: a person at each company decides/)).toBeInTheDocument();
    expect(within(card).getByText('45 out of 100')).toBeInTheDocument();
    expect(within(card).getByText('Essential skills: 30 of 60 points (50% covered)')).toBeInTheDocument();
    expect(within(card).getByText(/Python \(computer programming\), proven by a credential issued here\./)).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Check credential 1 for Python (computer programming)' })).toHaveAttribute('href', '/verify/cr1');
    expect(within(card).getByRole('link', { name: 'SQL basics' })).toHaveAttribute('href', '/courses/sql-basics');
    expect(within(card).getByText(/No course in the catalogue teaches it yet/)).toBeInTheDocument();
    expect(within(card).getByText("Place of work: lives elsewhere and has not listed the opening's country.")).toBeInTheDocument();
    expect(within(card).getByText('€52,000 – €60,000 a year')).toBeInTheDocument();

    await user.click(within(card).getByText('Contest this match'));
    await user.click(within(card).getByRole('button', { name: 'Send to the company' }));
    const message = within(card).getByLabelText('Your message');
    expect(message).toHaveAccessibleDescription(/Write a message\./);
    expect(message).toHaveFocus();
    expect(seen.some((r) => r.url.pathname.endsWith('/contest'))).toBe(false);

    await user.type(message, 'I hold SQL from my previous job.');
    await user.click(within(card).getByRole('button', { name: 'Send to the company' }));
    expect(await within(card).findByRole('status')).toHaveTextContent('Your message was sent to a person at Nordwind Analytics.');
    expect(seen.find((r) => r.url.pathname.endsWith('/contest'))?.body).toEqual({ message: 'I hold SQL from my previous job.' });
  });

  it('sends a learner outside the pool to join first', async () => {
    signedIn((req) => (req.url.pathname === '/api/v1/me/talent' ? json(200, aProfile()) : undefined));
    renderApp('/talent/matches');
    expect(await screen.findByRole('link', { name: 'Read the notice and join' })).toHaveAttribute('href', '/talent');
  });
});

describe('the talent profile', () => {
  it('shows proven skills read-only with their credential, and saves the rest with the version it edits', async () => {
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/me/talent':
          return json(200, aMember());
        case 'PUT /api/v1/me/talent':
          return json(200, aMember({ version: 4, headline: (req.body as { headline: string }).headline }));
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/talent/profile');
    const proven = await screen.findByRole('region', { name: 'Proven skills' });
    expect(within(proven).getByRole('link', { name: 'Check the credential “Python for data”' })).toHaveAttribute('href', '/verify/cr1');
    const headline = screen.getByLabelText('Headline');
    await user.clear(headline);
    await user.paste('ML engineer');
    await user.click(screen.getByLabelText('Show my headline to companies'));
    await user.click(screen.getByRole('button', { name: 'Save my profile' }));
    const saved = await screen.findByText('Profile saved.');
    await waitFor(() => expect(saved).toHaveFocus());
    const body = seen.find((r) => r.method === 'PUT')?.body as Record<string, unknown>;
    expect(body).toMatchObject({ headline: 'ML engineer', version: 3, visible: expect.objectContaining({ headline: false }) });
    expect(body).not.toHaveProperty('skills');
    expect(body).not.toHaveProperty('in_pool');

    await user.click(screen.getByRole('button', { name: 'Save my profile' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'PUT')).toHaveLength(2));
    expect((seen.filter((r) => r.method === 'PUT')[1]?.body as { version: number }).version).toBe(4);
  });

  it('shows the API’s field errors at their fields and in a summary', async () => {
    signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/me/talent':
          return json(200, aMember({ languages: [{ code: 'en', cefr: 'C1' }] }));
        case 'PUT /api/v1/me/talent':
          return problem(422, { errors: [{ field: 'languages[0].cefr', code: 'invalid', message: 'must be a CEFR level from A1 to C2' }] });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/talent/profile');
    await user.click(await screen.findByRole('button', { name: 'Save my profile' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: 'Languages: Must be a CEFR level from A1 to C2' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Languages' })).toHaveAccessibleDescription('Must be a CEFR level from A1 to C2');
  });

  it('imports a credential from elsewhere, and says why one is refused', async () => {
    let refuse = true;
    signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/me/talent':
          return json(200, aMember());
        case 'POST /api/v1/me/talent/imports':
          if (refuse) {
            refuse = false;
            return problem(422, { code: 'revoked', detail: 'status list entry 42 is set' });
          }
          return json(201, { id: 'im1', issuer: 'Université Lyon Sud', title: 'Statistics', skills: [], verified_at: '2026-12-02T10:00:00Z' });
        case 'DELETE /api/v1/me/talent/imports/im1':
          return noContent();
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/talent/profile');
    await user.click(await screen.findByRole('button', { name: 'Import the credential' }));
    const field = screen.getByLabelText('Credential (VC-JWT)');
    expect(field).toHaveAccessibleDescription(/Paste the credential first\./);

    await user.type(field, 'eyJhbGciOiJSUzI1NiJ9.e30.sig');
    await user.click(screen.getByRole('button', { name: 'Import the credential' }));
    await waitFor(() => expect(field).toHaveAccessibleDescription(/The issuer has revoked this credential\. status list entry 42 is set/));
    await waitFor(() => expect(field).toHaveFocus());

    await user.click(screen.getByRole('button', { name: 'Import the credential' }));
    expect(await screen.findByText('“Statistics” was verified and added.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove Statistics' }));
    expect(await screen.findByText('“Statistics” was removed.')).toBeInTheDocument();
  });

  it('shows each import with its issuer and skills, verified or why it stopped counting', async () => {
    signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/me/talent':
          return json(200, {
            ...aMember(),
            imports: [
              {
                id: 'im1',
                issuer: 'Belfry Institute',
                title: 'Machine learning in practice',
                skills: [{ id: 's1', label: 'machine learning' }],
                verified_at: '2026-12-02T10:00:00Z',
                status: 'verified',
                checked_at: '2026-12-02T10:00:00Z',
                outcome: 'verified',
              },
              {
                id: 'im2',
                issuer: 'Université Lyon Sud',
                title: 'Statistics',
                skills: [],
                verified_at: '2026-11-01T10:00:00Z',
                status: 'revoked',
                checked_at: '2026-12-02T10:00:00Z',
                outcome: 'revoked',
                reason: 'the issuer has revoked this credential',
              },
            ],
          });
        case 'POST /api/v1/me/talent/imports':
          return problem(422, { code: 'subject-mismatch', detail: 'not issued to ada@example.org' });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/talent/profile');
    const section = await screen.findByRole('region', { name: 'Credentials earned elsewhere' });
    const [ml, stats] = within(section).getAllByRole('listitem');
    expect(ml).toHaveTextContent('Machine learning in practice — Belfry Institute');
    expect(ml).toHaveTextContent(/verified on .*2026/);
    expect(ml).toHaveTextContent('Skills: machine learning');
    expect(stats).toHaveTextContent('no longer counts: revoked by its issuer');
    expect(stats).not.toHaveTextContent('verified on');

    const field = screen.getByLabelText('Credential (VC-JWT)');
    await user.type(field, 'eyJhbGciOiJFZERTQSJ9.e30.sig');
    await user.click(screen.getByRole('button', { name: 'Import the credential' }));
    await waitFor(() => expect(field).toHaveAccessibleDescription(/This credential is not issued to your verified email address\./));
  });

  it('translates every refusal reason in every language', async () => {
    const codes = ['malformed', 'signature', 'issuer-key-unavailable', 'revoked', 'suspended', 'expired', 'not-yours', 'subject-mismatch', 'issuer-unreachable', 'too-large'];
    for (const lng of ['en', 'fr', 'de']) {
      for (const code of codes) {
        expect(i18n.exists(`talent.importRefused.${code}`, { lng }), `${lng} ${code}`).toBe(true);
      }
      for (const status of ['revoked', 'suspended', 'expired']) {
        expect(i18n.exists(`talent.importStatus.${status}`, { lng }), `${lng} ${status}`).toBe(true);
      }
    }
  });
});

describe('contact requests', () => {
  it('accepts a request, and lists who looked at the profile', async () => {
    const pending = {
      id: 'k1',
      company: { id: 'org9', name: 'Nordwind Analytics' },
      opening: null,
      message: 'We would like to talk.',
      status: 'pending',
      created_at: '2026-12-02T10:00:00Z',
    };
    const seen = signedIn((req) => {
      switch (`${req.method} ${req.url.pathname}`) {
        case 'GET /api/v1/me/talent':
          return json(200, aMember());
        case 'GET /api/v1/me/talent/contacts':
          return json(200, { items: [pending] });
        case 'GET /api/v1/me/talent/access-log':
          return json(200, { items: [{ company: { id: 'org9', name: 'Nordwind Analytics' }, action: 'viewed', at: '2026-12-02T09:00:00Z' }] });
        case 'POST /api/v1/me/talent/contacts/k1/accept':
          return json(200, { ...pending, status: 'accepted', answered_at: '2026-12-02T11:00:00Z' });
        default:
          return undefined;
      }
    });
    const { user } = renderApp('/talent/contacts');
    const request = await screen.findByRole('article', { name: 'Nordwind Analytics' });
    await user.click(within(request).getByRole('button', { name: 'Accept' }));
    expect(await within(request).findByText('Nordwind Analytics now sees your name and email address.')).toBeInTheDocument();
    expect(within(request).queryByRole('button', { name: 'Decline' })).not.toBeInTheDocument();
    expect(seen.filter((r) => r.url.pathname.startsWith('/api/v1/me/talent/contacts/'))).toHaveLength(1);
    const log = screen.getByRole('table', { name: 'Who looked at my profile' });
    expect(within(log).getByText('Viewed your card')).toBeInTheDocument();
  });
});

describe('how matching works', () => {
  it('shows the weights the server uses, to anyone, in the reader’s language', async () => {
    signedIn((req) =>
      req.url.pathname === '/api/v1/talent/matching'
        ? json(200, {
            version: '1',
            weights: { essential_skills: 0.6, optional_skills: 0.25, languages: 0.15 },
            min_essential_coverage: 0.5,
            evidence: { credential: 1, imported: 1, competition: 0.8, self_declared: 0.4 },
            relations: { same: 1, narrower: 0.75, broader: 0.5 },
            level_shortfall: 0.5,
          })
        : undefined,
    );
    localStorage.clear();
    await i18n.changeLanguage('de');
    renderApp('/talent/how-matching-works');
    const table = await screen.findByRole('table', { name: 'Die Gewichte der Formelversion 1' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => [within(r).getByRole('rowheader').textContent, within(r).getAllByRole('cell')[0]?.textContent])).toEqual([
      ['Wesentliche Kompetenzen', '60'],
      ['Optionale Kompetenzen', '25'],
      ['Sprachen', '15'],
    ]);
    expect(screen.getByText('Selbst angegeben: 40 %')).toBeInTheDocument();
    expect(screen.getByText(/Die Rangfolge ist nur eine Empfehlung/)).toBeInTheDocument();
  });
});
