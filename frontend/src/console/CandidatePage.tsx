import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { problemCode } from '../api/competitions';
import type { Org } from '../api/console';
import { contactCandidate, getCandidate, TALENT_PROBLEM, type CandidateDetail, type Decision } from '../api/talent';
import { ErrorNotice } from '../components/ErrorNotice';
import { Fact } from '../components/Fact';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { AdvisoryBanner, MatchExplanation } from '../talent/MatchExplanation';
import { MessageForm } from '../talent/MessageForm';
import { CandidateFacts } from './CandidateFacts';
import { CompanyFrame, companyPath } from './CompanyFrame';
import { DecisionForm } from './DecisionForm';

/** /console/orgs/:orgId/talent/:pseudonym: a candidate's card, their matches with the company's openings, and the contact request. */
export default function CandidatePage() {
  const { t } = useTranslation();
  const { pseudonym = '' } = useParams();
  return (
    <CompanyFrame title={t('recruit.candidateTitle', { pseudonym })}>
      {(org) => <Candidate key={`${org.id}:${pseudonym}`} org={org} pseudonym={pseudonym} />}
    </CompanyFrame>
  );
}

function Candidate({ org, pseudonym }: { org: Org; pseudonym: string }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getCandidate(org.id, pseudonym, signal), `${org.id}:${pseudonym}`);
  if (state.status === 'loading') {
    return <Loading />;
  }
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  const c = state.data;
  return (
    <>
      <h1>{t('recruit.candidateTitle', { pseudonym })}</h1>
      <article className="talent-candidate" aria-labelledby="candidate-name">
        <p className="eyebrow">{t('recruit.candidate')}</p>
        <CandidateFacts card={c} headingID="candidate-name" heading={<span>{c.identity ? c.identity.name : c.pseudonym}</span>} />
      </article>
      <p className="field-hint">{t('recruit.viewLogged')}</p>
      <Matches org={org} candidate={c} />
      <Contact org={org} candidate={c} />
    </>
  );
}

function Matches({ org, candidate }: { org: Org; candidate: CandidateDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const matches = candidate.matches ?? [];
  const labels = Object.fromEntries(candidate.skills.map((s) => [s.skill, s.label]));
  return (
    <section className="section-tight" aria-labelledby="candidate-matches">
      <h2 id="candidate-matches">{t('recruit.candidateMatches')}</h2>
      <AdvisoryBanner audience="company" />
      {matches.length === 0 ? (
        <p className="empty-state">{t('recruit.noCandidateMatches')}</p>
      ) : (
        <ul className="result-list">
          {matches.map(({ opening, match }) => (
            <li key={opening.id} className="card">
              <h3 className="hit-title">
                <Link to={companyPath(org.id, 'openings', opening.id, 'matches')}>{opening.title}</Link>
              </h3>
              <dl className="facts facts-row">
                <Fact term={t('talent.scoreTerm')}>{t('talent.scoreValue', { score: format.number(match.score, { maximumFractionDigits: 1 }) })}</Fact>
              </dl>
              <details>
                <summary>{t('recruit.whyRanked', { pseudonym: candidate.pseudonym })}</summary>
                <MatchExplanation id={`cm-${opening.id}`} match={match} labels={labels} headingLevel={4} />
              </details>
              <Decide org={org} openingID={opening.id} pseudonym={candidate.pseudonym} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Decide({ org, openingID, pseudonym }: { org: Org; openingID: string; pseudonym: string }) {
  const [decision, setDecision] = useState<Decision | null>(null);
  return (
    <DecisionForm id={`decide-${openingID}`} orgID={org.id} openingID={openingID} pseudonym={pseudonym} decision={decision} onDecided={setDecision} />
  );
}

function Contact({ org, candidate }: { org: Org; candidate: CandidateDetail }) {
  const { t } = useTranslation();
  const openings = (candidate.matches ?? []).map((m) => m.opening);
  const [openingID, setOpeningID] = useState(openings[0]?.id ?? '');
  if (candidate.identity) {
    return null;
  }
  return (
    <section className="section-tight" aria-labelledby="candidate-contact">
      <h2 id="candidate-contact">{t('recruit.contactTitle')}</h2>
      <p>{t('recruit.contactBody')}</p>
      <MessageForm
        id="contact-message"
        label={t('recruit.contactLabel')}
        hint={t('recruit.contactHint')}
        submitLabel={t('recruit.contactButton')}
        sentMessage={t('recruit.contactSent', { pseudonym: candidate.pseudonym })}
        send={(message) => contactCandidate(org.id, candidate.pseudonym, message, openingID)}
        problemOf={(err) =>
          err instanceof ApiError && problemCode(err.problem) === TALENT_PROBLEM.contactPending ? t('recruit.contactPending') : undefined
        }
      >
        {openings.length > 0 && (
          <div className="field">
            <label htmlFor="contact-opening">{t('recruit.contactOpening')}</label>
            <select id="contact-opening" value={openingID} onChange={(e) => setOpeningID(e.target.value)}>
              <option value="">{t('recruit.noOpening')}</option>
              {openings.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.title}
                </option>
              ))}
            </select>
          </div>
        )}
      </MessageForm>
    </section>
  );
}
