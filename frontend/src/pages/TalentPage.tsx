import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { problemCode } from '../api/competitions';
import {
  getNotice,
  giveConsent,
  listMyContacts,
  listMyMatches,
  TALENT_PROBLEM,
  withdrawConsent,
  type Notice,
  type Profile,
} from '../api/talent';
import { useAuth } from '../auth/AuthContext';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { Fact } from '../components/Fact';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { TalentFrame, TalentTabs } from '../talent/TalentFrame';

/** /talent: what the pool is and the consent to join it, or, once in, the learner's dashboard. */
export default function TalentPage() {
  const { t } = useTranslation();
  const { status } = useAuth();
  if (status !== 'signed-in') {
    return <PublicTalentPage />;
  }
  return (
    <TalentFrame title={t('talent.title')} lead={t('talent.lead')}>
      {(profile, update) => (profile.in_pool ? <Dashboard profile={profile} onChange={update} /> : <Join onJoined={update} />)}
    </TalentFrame>
  );
}

/** For visitors: what the pool is, its notice, and the way to sign in and join. */
function PublicTalentPage() {
  const { t } = useTranslation();
  const { status } = useAuth();
  usePageTitle(t('talent.title'));
  const notice = useAsync((signal) => getNotice(signal), 'notice');
  return (
    <div className="container page talent">
      <h1>{t('talent.title')}</h1>
      <p className="lead">{t('talent.lead')}</p>
      <TalentTabs />
      {status === 'loading' ? (
        <Loading />
      ) : (
        <>
          {notice.status === 'success' && <ConsentNotice notice={notice.data} />}
          {notice.status === 'error' && <ErrorNotice error={notice.error} />}
          <p>
            <Link to={`/signin?next=${encodeURIComponent('/talent')}`} className="button button-primary">
              {t('talent.signInToJoin')}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}

/** The consent notice, worded here in each language; the server keeps its version, which consent records. */
export function ConsentNotice({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  return (
    <section className="card prose consent-notice" aria-labelledby="talent-notice">
      <h2 id="talent-notice">{t('talent.notice.title')}</h2>
      <p className="field-hint">{t('talent.notice.version', { version: notice.version })}</p>
      <h3>{t('talent.notice.purposeTitle')}</h3>
      <p>{t('talent.notice.purpose')}</p>
      <h3>{t('talent.notice.seenTitle')}</h3>
      <p>{t('talent.notice.seen')}</p>
      <h3>{t('talent.notice.neverTitle')}</h3>
      <p>{t('talent.notice.never')}</p>
      <h3>{t('talent.notice.decisionsTitle')}</h3>
      <p>{t('talent.notice.decisions')}</p>
      <h3>{t('talent.notice.rightsTitle')}</h3>
      <p>{t('talent.notice.rights')}</p>
    </section>
  );
}

/** The consent screen: the notice of the current version and the button that joins under it. */
function Join({ onJoined }: { onJoined(profile: Profile): void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [round, setRound] = useState(0);
  const notice = useAsync((signal) => getNotice(signal), String(round));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) {
      alertRef.current?.focus();
    }
  }, [error]);

  if (notice.status === 'loading') {
    return <Loading />;
  }
  if (notice.status === 'error') {
    return <ErrorNotice error={notice.error} />;
  }
  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      onJoined(await giveConsent(notice.data.version));
    } catch (err) {
      if (err instanceof ApiError && problemCode(err.problem) === TALENT_PROBLEM.staleNotice) {
        setError(t('talent.staleNotice'));
        setRound((r) => r + 1);
      } else {
        setError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>{t('talent.offByDefault')}</p>
      <ConsentNotice notice={notice.data} />
      {error && (
        <div ref={alertRef} className="notice notice-error" role="alert" tabIndex={-1}>
          {error}
        </div>
      )}
      <p className="form-actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void join()}>
          {t('talent.join')}
        </button>
      </p>
      <p className="field-hint">{t('talent.joinHint', { version: notice.data.version })}</p>
    </>
  );
}

/** The learner in the pool: what companies see of them, their matches and requests, and the way out. */
function Dashboard({ profile, onChange }: { profile: Profile; onChange(profile: Profile): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const verified = profile.skills.filter((s) => s.evidence !== 'self_declared').length;
  return (
    <>
      <p className="notice notice-success" role="status">
        {t('talent.inPool', { date: profile.consent ? format.date(profile.consent.given_at) : '' })}
      </p>
      <section className="section-tight" aria-labelledby="talent-summary">
        <div className="section-head">
          <h2 id="talent-summary">{t('talent.summaryTitle')}</h2>
          <Link to="/talent/profile" className="button button-quiet">
            {t('talent.editProfile')}
          </Link>
        </div>
        <dl className="facts facts-row">
          <Fact term={t('talent.fields.headline')}>{profile.headline || t('talent.notGiven')}</Fact>
          <Fact term={t('talent.fields.occupations')}>
            {profile.occupations.length ? format.list(profile.occupations.map((o) => o.label)) : t('talent.notGiven')}
          </Fact>
          <Fact term={t('talent.verifiedSkills')}>{format.number(verified)}</Fact>
          <Fact term={t('talent.declaredSkills')}>{format.number(profile.self_declared.length)}</Fact>
          <Fact term={t('talent.consentVersion')}>{profile.consent?.version ?? '—'}</Fact>
        </dl>
      </section>
      <Counts />
      <Withdraw onWithdrawn={onChange} />
    </>
  );
}

function Counts() {
  const { t } = useTranslation();
  const matches = useAsync((signal) => listMyMatches(signal), 'matches');
  const contacts = useAsync((signal) => listMyContacts(signal), 'contacts');
  const pending = contacts.status === 'success' ? contacts.data.filter((c) => c.status === 'pending').length : 0;
  return (
    <section className="section-tight" aria-labelledby="talent-activity">
      <h2 id="talent-activity">{t('talent.activityTitle')}</h2>
      {matches.status === 'error' && <ErrorNotice error={matches.error} />}
      {contacts.status === 'error' && <ErrorNotice error={contacts.error} />}
      <ul className="row-actions">
        <li>
          <Link to="/talent/matches">
            {matches.status === 'success' ? t('talent.matchesCount', { count: matches.data.length }) : t('talent.tabMatches')}
          </Link>
        </li>
        <li>
          <Link to="/talent/contacts">
            {contacts.status === 'success' ? t('talent.pendingCount', { count: pending }) : t('talent.tabContacts')}
          </Link>
        </li>
      </ul>
    </section>
  );
}

/** Leaving the pool: one button, then one confirmation. */
function Withdraw({ onWithdrawn }: { onWithdrawn(profile: Profile): void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);

  useEffect(() => {
    if (confirming) {
      confirmRef.current?.focus();
    } else if (asked.current) {
      startRef.current?.focus();
    }
  }, [confirming]);

  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      onWithdrawn(await withdrawConsent());
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <section className="section-tight" aria-labelledby="talent-withdraw">
      <h2 id="talent-withdraw">{t('talent.withdrawTitle')}</h2>
      <p>{t('talent.withdrawBody')}</p>
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      {confirming ? (
        <div className="notice notice-error" role="group" aria-labelledby="talent-withdraw-confirm">
          <p id="talent-withdraw-confirm">{t('talent.withdrawConfirm')}</p>
          <p className="form-actions">
            <button ref={confirmRef} type="button" className="button button-danger-solid" disabled={busy} onClick={() => void withdraw()}>
              {t('talent.withdrawNow')}
            </button>
            <button type="button" className="button button-quiet" disabled={busy} onClick={() => setConfirming(false)}>
              {t('talent.stay')}
            </button>
          </p>
        </div>
      ) : (
        <button
          ref={startRef}
          type="button"
          className="button button-danger"
          onClick={() => {
            asked.current = true;
            setConfirming(true);
          }}
        >
          {t('talent.withdraw')}
        </button>
      )}
    </section>
  );
}
