import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { problemCode } from '../api/competitions';
import { answerContact, getAccessLog, listMyContacts, TALENT_PROBLEM, type Contact } from '../api/talent';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { TalentFrame } from '../talent/TalentFrame';

/** /talent/contacts: companies' requests to contact the learner, to accept or decline, and who looked at the profile. */
export default function TalentContactsPage() {
  const { t } = useTranslation();
  return (
    <TalentFrame title={t('talent.contactsTitle')} lead={t('talent.contactsLead')}>
      {() => (
        <>
          <Requests />
          <AccessLog />
        </>
      )}
    </TalentFrame>
  );
}

function Requests() {
  const { t } = useTranslation();
  const state = useAsync((signal) => listMyContacts(signal), 'contacts');
  const [answered, setAnswered] = useState<Record<string, Contact>>({});
  return (
    <section className="section-tight" aria-labelledby="talent-requests">
      <h2 id="talent-requests">{t('talent.requestsTitle')}</h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'success' &&
        (state.data.length === 0 ? (
          <p className="empty-state">{t('talent.noRequests')}</p>
        ) : (
          <ul className="result-list">
            {state.data.map((c) => (
              <li key={c.id}>
                <Request contact={answered[c.id] ?? c} onAnswered={(next) => setAnswered((a) => ({ ...a, [c.id]: next }))} />
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function Request({ contact: c, onAnswered }: { contact: Contact; onAnswered(contact: Contact): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const id = `contact-${c.id}`;

  const answer = async (choice: 'accept' | 'decline') => {
    setBusy(true);
    setError(null);
    try {
      onAnswered(await answerContact(c.id, choice));
      setTimeout(() => statusRef.current?.focus());
    } catch (err) {
      setError(
        err instanceof ApiError && problemCode(err.problem) === TALENT_PROBLEM.alreadyAnswered ? t('talent.alreadyAnswered') : errorMessage(err),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="card" aria-labelledby={id}>
      <h3 id={id} className="hit-title">
        {c.opening ? t('talent.requestFor', { company: c.company.name, opening: c.opening.title }) : c.company.name}
      </h3>
      <p className="field-hint">
        <time dateTime={c.created_at}>{format.date(c.created_at)}</time>
      </p>
      <blockquote className="prose">{c.message}</blockquote>
      <p ref={statusRef} tabIndex={-1}>
        <span className={`status status-${c.status === 'accepted' ? 'valid' : c.status === 'declined' ? 'invalid' : 'draft'}`}>
          {t(`talent.contactStatus.${c.status}`)}
        </span>{' '}
        {c.status === 'accepted' && t('talent.acceptedNote', { company: c.company.name })}
      </p>
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      {c.status === 'pending' && (
        <>
          <p className="field-hint">{t('talent.acceptHint', { company: c.company.name })}</p>
          <p className="form-actions">
            <button type="button" className="button button-primary" disabled={busy} aria-describedby={id} onClick={() => void answer('accept')}>
              {t('talent.accept')}
            </button>
            <button type="button" className="button button-quiet" disabled={busy} aria-describedby={id} onClick={() => void answer('decline')}>
              {t('talent.decline')}
            </button>
          </p>
        </>
      )}
    </article>
  );
}

function AccessLog() {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useAsync((signal) => getAccessLog(signal), 'access-log');
  return (
    <section className="section-tight" aria-labelledby="talent-access">
      <h2 id="talent-access">{t('talent.accessTitle')}</h2>
      <p>{t('talent.accessBody')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'success' &&
        (state.data.length === 0 ? (
          <p className="empty-state">{t('talent.noAccess')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-labelledby="talent-access">
              <thead>
                <tr>
                  <th scope="col">{t('talent.colCompany')}</th>
                  <th scope="col">{t('talent.colAction')}</th>
                  <th scope="col">{t('talent.colWhen')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.map((e, i) => (
                  <tr key={`${e.company.id}-${e.at}-${i}`}>
                    <th scope="row">{e.company.name}</th>
                    <td>{t(`talent.access.${e.action}`, { defaultValue: e.action })}</td>
                    <td>
                      <time dateTime={e.at}>{format.date(e.at, { dateStyle: 'medium', timeStyle: 'short' })}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
