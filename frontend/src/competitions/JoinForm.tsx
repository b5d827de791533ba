import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { joinCompetition } from '../api/competitions';
import { useAuth } from '../auth/AuthContext';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { CheckboxField } from '../console/fields';
import { useFormat } from '../i18n/format';
import { useCompetition } from './context';

/**
 * Joining: accepting the rules once, which makes the caller a team of one. Visitors are
 * asked to sign in first and come back here; those who joined see when they accepted.
 */
export function JoinForm() {
  const { t } = useTranslation();
  const format = useFormat();
  const { status } = useAuth();
  const location = useLocation();
  const { competition, entry, setEntry } = useCompetition();
  const [accepted, setAccepted] = useState(false);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const ended = competition.status === 'finalising' || competition.status === 'finished';
  if (ended && (status === 'anonymous' || entry === null)) {
    return <p className="notice notice-info">{t('competition.entriesClosed')}</p>;
  }
  if (status === 'anonymous') {
    const next = encodeURIComponent(location.pathname);
    return (
      <div className="card">
        <p>{t('competition.signInToJoin')}</p>
        <p className="actions">
          <Link to={`/signup?next=${next}`} className="button button-primary">
            {t('nav.signUp')}
          </Link>
          <Link to={`/signin?next=${next}`} className="button button-quiet">
            {t('nav.signIn')}
          </Link>
        </p>
      </div>
    );
  }
  if (entry === undefined) {
    return <Loading />;
  }
  if (entry) {
    return (
      <p className="notice notice-success" role="status">
        {t('competition.acceptedOn', { date: format.date(entry.accepted_rules_at, { dateStyle: 'long', timeStyle: 'short' }) })}
      </p>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!accepted) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setEntry(await joinCompetition(competition.slug));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="join-title">
      <h3 id="join-title">{t('competition.joinTitle')}</h3>
      <p>{t('competition.joinBody')}</p>
      {error !== null && <ErrorNotice error={error} />}
      <CheckboxField
        id="accept-rules"
        label={t('competition.acceptRules')}
        checked={accepted}
        onChange={(on) => {
          setAccepted(on);
          setMissing(false);
        }}
        error={missing ? t('competition.acceptRulesRequired') : undefined}
      />
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('competition.join')}
      </button>
    </form>
  );
}
