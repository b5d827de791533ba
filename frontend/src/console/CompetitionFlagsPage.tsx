import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { decideFlag, listFlags, type Competition, type Flag, type FlagDecisionKind, type Flags } from '../api/competitions';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { HostedCompetition } from './HostedCompetition';
import { ReasonForm } from './ReasonForm';

/** The integrity flags of a competition and the host's decision on each (/console/competitions/:slug/flags). */
export default function CompetitionFlagsPage() {
  const { slug = '' } = useParams();
  return <HostedCompetition slug={slug}>{(c) => <FlagList competition={c} />}</HostedCompetition>;
}

function FlagList({ competition }: { competition: Competition }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => listFlags(competition.slug, signal), competition.slug);
  return (
    <section className="section-tight" aria-labelledby="flags-title">
      <h2 id="flags-title">{t('hosting.flagsTitle')}</h2>
      <p>{t('hosting.flagsLead')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'success' && <FlagItems competition={competition} flags={state.data} />}
    </section>
  );
}

function FlagItems({ competition, flags }: { competition: Competition; flags: Flags }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <p className="field-hint">
        {flags.computed_at
          ? t('hosting.flagsComputedAt', { time: format.date(flags.computed_at, { dateStyle: 'medium', timeStyle: 'short' }) })
          : t('hosting.flagsNeverComputed')}{' '}
        {flags.pending && t('hosting.flagsPending')}
      </p>
      {flags.items.length === 0 ? (
        <p className="empty-state">{t('hosting.noFlags')}</p>
      ) : (
        <ul className="flag-list">
          {flags.items.map((f) => (
            <li key={f.id}>
              <FlagCard slug={competition.slug} flag={f} phases={competition.phases.length > 1 ? competition.phases : undefined} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** One flag: what was found, about whom, and the decision taken or the form to take it. */
function FlagCard({ slug, flag: initial, phases }: { slug: string; flag: Flag; phases?: Competition['phases'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [flag, setFlag] = useState(initial);
  const teams = flag.team_names.join(t('hosting.flagTeamsJoin'));
  const headingID = `flag-${flag.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <article className="card" aria-labelledby={headingID}>
      <h3 id={headingID}>{t(`hosting.flagKind.${flag.kind}`, { teams, defaultValue: flag.kind })}</h3>
      <dl className="split-preview">
        {flag.agreement !== undefined && (
          <>
            <dt>{t('hosting.flagAgreement')}</dt>
            <dd>{format.number(flag.agreement, { style: 'percent', maximumFractionDigits: 1 })}</dd>
          </>
        )}
        {phases && (
          <>
            <dt>{t('competition.phase')}</dt>
            <dd>{phases.find((p) => p.id === flag.phase_id)?.title ?? flag.phase_id}</dd>
          </>
        )}
        <dt>{t('hosting.flagDetected')}</dt>
        <dd>{format.date(flag.detected_at, { dateStyle: 'medium', timeStyle: 'short' })}</dd>
        <dt>{t('hosting.flagDetail')}</dt>
        <dd>{flag.detail}</dd>
      </dl>
      {flag.decision ? (
        <p className={flag.decision.decision === 'disqualify' ? 'notice notice-error' : 'notice notice-info'}>
          {t(`hosting.flagDecided.${flag.decision.decision}`, {
            time: format.date(flag.decision.at, { dateStyle: 'medium', timeStyle: 'short' }),
            reason: flag.decision.reason,
          })}
        </p>
      ) : (
        <DecisionForm slug={slug} flag={flag} idPrefix={headingID} onDecided={setFlag} />
      )}
    </article>
  );
}

/** Dismiss the flag or disqualify its team (of a pair, one of them or both), with the reason the audit log keeps. */
function DecisionForm({ slug, flag, idPrefix, onDecided }: { slug: string; flag: Flag; idPrefix: string; onDecided(f: Flag): void }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<FlagDecisionKind>('dismiss');
  // Of a pair, which team to disqualify; empty is both.
  const [team, setTeam] = useState('');
  const pair = flag.team_ids.length > 1;
  const send = async (reason: string) => {
    onDecided(await decideFlag(slug, flag.id, { decision, reason, team_id: decision === 'disqualify' && team ? team : undefined }));
  };
  return (
    <ReasonForm id={`${idPrefix}-decision`} title={t('hosting.flagDecide')} submitLabel={t('hosting.flagRecord')} send={send}>
      <fieldset className="field">
        <legend>{t('hosting.flagDecision')}</legend>
        {(['dismiss', 'disqualify'] as const).map((d) => (
          <label key={d} className="choice">
            <input type="radio" name={`${idPrefix}-decision`} value={d} checked={decision === d} onChange={() => setDecision(d)} />
            {t(`hosting.flagChoice.${d}`, { count: flag.team_ids.length })}
          </label>
        ))}
      </fieldset>
      {decision === 'disqualify' && pair && (
        <div className="field">
          <label htmlFor={`${idPrefix}-team`}>{t('hosting.flagWhichTeam')}</label>
          <select id={`${idPrefix}-team`} value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t('hosting.flagBothTeams')}</option>
            {flag.team_ids.map((id, i) => (
              <option key={id} value={id}>
                {flag.team_names[i] ?? id}
              </option>
            ))}
          </select>
        </div>
      )}
    </ReasonForm>
  );
}
