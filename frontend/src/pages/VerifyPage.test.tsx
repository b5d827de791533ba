import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Verification } from '../api/credentials';
import i18n from '../i18n';
import { fakeServer, json, problem } from '../test/http';
import { renderApp } from '../test/render';

const STEPS = ['format', 'issuer_key', 'signature', 'claims', 'validity_period', 'revocation', 'suspension', 'content'];

/** A verification as the API answers it, with a micro-credential's signed JSON. */
function verification(fields: Partial<Verification> = {}, failing: Record<string, string> = {}): Verification {
  return {
    valid: true,
    verdict: 'valid',
    reason: 'every check passed: the credential is genuine, unaltered and in force',
    credential_id: 'cr1',
    checked_at: '2026-03-10T09:30:00Z',
    steps: STEPS.map((name) => ({ name, ok: !(name in failing), detail: failing[name] ?? `${name} holds` })),
    credential: {
      name: 'Machine Learning Foundations',
      awardedDate: '2026-03-09T10:00:00Z',
      validFrom: '2026-03-09T10:00:00Z',
      issuer: { name: 'AI Skills Academy', url: 'https://academy.example.org', address: { addressCountryCode: 'BE' } },
      credentialSubject: {
        identifier: [{ type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: 'sha256$abc' }],
        result: [{ type: ['Result'], resultDescription: 'urn:grade', value: '87.5' }],
        achievement: {
          name: 'Machine Learning Foundations',
          achievementType: 'MicroCredential',
          inLanguage: 'en',
          workloadHours: 12,
          ectsCredits: 0.5,
          eqfLevel: 5,
          participationForm: 'online',
          learningOutcomes: ['Explain how a model learns from examples.'],
          resultDescription: [{ id: 'urn:grade', resultType: 'Percent' }],
        },
      },
    },
    ...fields,
  };
}

/** A credential as the platform issues it now: EU elements in European Learning Model terms. */
const elmCredential = {
  name: 'Grundlagen des maschinellen Lernens',
  validFrom: '2026-03-09T10:00:00Z',
  issuer: { name: 'Technische Universität Beispiel', address: { addressCountryCode: 'DE' } },
  credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'message', statusSize: 2 },
  credentialSubject: {
    identifier: [{ type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: 'sha256$abc' }],
    achievement: {
      name: 'Grundlagen des maschinellen Lernens',
      achievementType: 'MicroCredential',
      inLanguage: 'de',
      creditsAvailable: 5,
      alignment: [
        {
          type: ['Alignment'],
          targetName: 'machine learning',
          targetUrl: 'http://data.europa.eu/esco/skill/3a2d5b45',
          targetFramework: 'ESCO',
        },
        { type: ['Alignment'], targetName: 'prompt writing', targetUrl: 'https://academy.example/api/v1/skills/prompting' },
        { type: ['Alignment'], targetName: 'EQF level 6', targetUrl: 'http://data.europa.eu/snb/eqf/6' },
      ],
      learningOutcome: [{ type: 'LearningOutcome', title: { de: 'Ein überwachtes Modell trainieren' } }],
      volumeOfLearning: 'PT125H',
      creditPoint: { type: 'CreditPoint', framework: 'http://data.europa.eu/snb/education-credit/6fcec5c5af', point: '5' },
      mode: 'http://data.europa.eu/snb/learning-assessment/920fbb3cbe',
      provenBy: { type: 'LearningAssessmentSpecification', title: { de: 'Online-Tests mit Abschlussprüfung' } },
      accreditation: { type: 'Accreditation', title: { de: 'Interne Qualitätssicherung' } },
    },
  },
};

describe('verification page', () => {
  it.each([
    ['en', 'Awarded to', '(as printed on the certificate)', 'Skills', 'Form of participation', 'Online', '125 hours', 'EQF 6'],
    ['fr', 'Décernée à', '(tel qu’imprimé sur le certificat)', 'Compétences', 'Modalité de participation', 'En ligne', '125 heures', 'CEC 6'],
    ['de', 'Verliehen an', '(wie auf dem Zertifikat gedruckt)', 'Kompetenzen', 'Form der Teilnahme', 'Online', '125 Stunden', 'EQR 6'],
  ])(
    'names the holder as the certificate does and shows the ESCO skills and EU elements (%s)',
    async (language, awardedTo, note, skills, participation, online, hours, eqf) => {
      fakeServer(() => json(200, verification({ credential: elmCredential, holder_name: 'Zoë Müller' })));
      await i18n.changeLanguage(language);
      renderApp('/verify/cr1');

      const details = await screen.findByRole('region', { name: i18n.t('verify.detailsTitle') });
      expect(within(details).getByText(awardedTo).nextElementSibling).toHaveTextContent(`Zoë Müller ${note}`);
      expect(within(details).getByText('Technische Universität Beispiel', { exact: false })).toBeInTheDocument();
      expect(within(details).getByText('Grundlagen des maschinellen Lernens')).toBeInTheDocument();
      expect(within(details).getByRole('heading', { name: skills })).toBeInTheDocument();
      expect(within(details).getByRole('link', { name: 'machine learning' })).toHaveAttribute('href', 'http://data.europa.eu/esco/skill/3a2d5b45');
      expect(within(details).getByText('prompt writing')).toBeInTheDocument();
      expect(within(details).queryByRole('link', { name: 'prompt writing' })).not.toBeInTheDocument();
      expect(within(details).getByText(participation).nextElementSibling).toHaveTextContent(online);
      expect(within(details).getByText(hours)).toBeInTheDocument();
      expect(within(details).getByText(eqf)).toBeInTheDocument();
      expect(within(details).getByText('Ein überwachtes Modell trainieren')).toBeInTheDocument();
      expect(within(details).getByText('Online-Tests mit Abschlussprüfung')).toBeInTheDocument();
      expect(within(details).getByText('Interne Qualitätssicherung')).toBeInTheDocument();
      const steps = within(screen.getByRole('region', { name: i18n.t('verify.stepsTitle') })).getAllByRole('listitem');
      expect(steps).toHaveLength(STEPS.length);
      expect(steps[5]).toHaveTextContent(i18n.t('verify.steps.revocation'));
    },
  );


  it('shows a valid credential with what it says and every check, to a visitor who is not signed in', async () => {
    const seen = fakeServer((req) =>
      req.url.pathname === '/api/v1/credentials/cr1/verification' ? json(200, verification()) : problem(404),
    );
    renderApp('/verify/cr1');

    expect(await screen.findByRole('heading', { level: 2, name: /Valid credential/ })).toBeInTheDocument();
    const details = screen.getByRole('region', { name: 'What the credential says' });
    expect(within(details).getByText('Machine Learning Foundations')).toBeInTheDocument();
    expect(within(details).getByRole('link', { name: 'AI Skills Academy' })).toHaveAttribute('href', 'https://academy.example.org');
    expect(within(details).getByText('March 9, 2026')).toBeInTheDocument();
    expect(within(details).getByText('12 hours')).toBeInTheDocument();
    expect(within(details).getByText('EQF 5')).toBeInTheDocument();
    expect(within(details).getByText('87.5 %')).toBeInTheDocument();
    expect(within(details).queryByText('Awarded to')).not.toBeInTheDocument();

    const steps = within(screen.getByRole('region', { name: 'What was checked' })).getAllByRole('listitem');
    expect(steps.map((s) => s.querySelector('.verify-step-name')?.textContent)).toEqual([
      'Passed: Readable signed credential',
      "Passed: Issuer's signing key",
      'Passed: Signature',
      'Passed: Issuer and claims',
      'Passed: Validity dates',
      'Passed: Revocation (status list)',
      'Passed: Suspension (status list)',
      'Passed: Content',
    ]);
    expect(seen.every((r) => !r.headers.has('Authorization'))).toBe(true);
    await waitFor(() => expect(document.title).toBe('Verification: Machine Learning Foundations · Academy'));
  });

  it("shows a competition placement's place among the teams and its score, not as a grade", async () => {
    const award = 'https://academy.example.org/competitions/penguins/awards/winner';
    const placement = {
      name: 'Penguin species: Winner',
      validFrom: '2026-03-09T10:00:00Z',
      issuer: { name: 'Formation Horizon IA' },
      credentialSubject: {
        result: [
          { type: ['Result'], resultDescription: `${award}#place`, value: '1' },
          { type: ['Result'], resultDescription: `${award}#score`, value: '0.916667' },
        ],
        achievement: {
          name: 'Penguin species: Winner',
          achievementType: 'Award',
          resultDescription: [
            { id: `${award}#place`, name: 'Place among 12', resultType: 'ext:Place', valueMin: '1', valueMax: '12' },
            { id: `${award}#score`, name: 'Score (accuracy, higher is better)', resultType: 'RawScore' },
          ],
        },
      },
    };
    fakeServer(() => json(200, verification({ credential: placement })));
    renderApp('/verify/cr1');

    const details = await screen.findByRole('region', { name: 'What the credential says' });
    expect(within(details).getByText('Place').nextElementSibling).toHaveTextContent('1 of 12');
    expect(within(details).getByText('Score').nextElementSibling).toHaveTextContent('0.91667');
    expect(within(details).queryByText('Final grade')).not.toBeInTheDocument();
  });

  it('says a revoked credential is revoked, with the issuer’s reason and the failed check', async () => {
    const reason = 'the issuer has revoked this credential on 10 March 2026: assessment misconduct';
    fakeServer(() => json(200, verification({ valid: false, verdict: 'revoked', reason }, { revocation: reason })));
    await i18n.changeLanguage('de');
    renderApp('/verify/cr1');

    const verdict = await screen.findByRole('region', { name: /Widerrufener Nachweis/ });
    expect(verdict).toHaveTextContent('Der Aussteller hat diesen Nachweis widerrufen');
    expect(verdict).toHaveTextContent(reason);
    const failed = within(screen.getByRole('region', { name: 'Was geprüft wurde' })).getByText(/Widerruf \(Statusliste\)/);
    expect(failed).toHaveTextContent('Nicht bestanden: Widerruf (Statusliste)');
  });

  it('says when no credential has the id', async () => {
    fakeServer(() => problem(404, { detail: 'no credential with id nope' }));
    renderApp('/verify/nope');
    expect(await screen.findByRole('heading', { level: 2, name: /No such credential/ })).toBeInTheDocument();
  });

  it('verifies a pasted JWT and moves focus to the verdict', async () => {
    const seen = fakeServer((req) =>
      req.url.pathname === '/api/v1/credentials/verify'
        ? json(
            200,
            verification(
              { valid: false, verdict: 'tampered', reason: 'the signature does not hold', credential: undefined },
              { signature: 'the signature does not hold' },
            ),
          )
        : problem(404),
    );
    const { user } = renderApp('/verify');
    await user.type(await screen.findByLabelText('Signed credential'), '  eyJhbGciOi.payload.sig  ');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    const verdict = await screen.findByRole('heading', { level: 3, name: /Altered credential/ });
    await waitFor(() => expect(verdict).toHaveFocus());
    expect(seen.find((r) => r.url.pathname === '/api/v1/credentials/verify')?.body).toEqual({ jwt: 'eyJhbGciOi.payload.sig' });
    expect(screen.queryByRole('region', { name: 'What the credential says' })).not.toBeInTheDocument();
  });

  it('asks for a credential when the field is empty and for the whole file when the JSON is cut', async () => {
    const seen = fakeServer(() => problem(404));
    const { user } = renderApp('/verify');
    const field = await screen.findByLabelText('Signed credential');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(field).toHaveAccessibleDescription(/Paste a credential to verify\./);
    expect(field).toHaveFocus();

    await user.type(field, '{{"name": "cut');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(field).toHaveAccessibleDescription(/This looks like JSON but cannot be read\./);
    expect(seen.filter((r) => r.url.pathname === '/api/v1/credentials/verify')).toHaveLength(0);
  });
});
