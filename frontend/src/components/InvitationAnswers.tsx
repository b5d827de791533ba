import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, useErrorMessage } from './ErrorNotice';
import { Loading } from './Loading';
import { useFormat } from '../i18n/format';
import { shown, useAsync } from '../lib/useAsync';

/** An invitation from an organisation to the signed-in person. */
export interface PendingInvitation {
  id: string;
  org_name: string;
  expires_at: string;
}

interface Props<I extends PendingInvitation> {
  /** Loads the invitations; reloaded when version changes. */
  load(signal: AbortSignal): Promise<I[]>;
  version: string;
  heading: 'h2' | 'h3';
  headingId: string;
  /** What the invitation offers, before its expiry date. */
  describe(inv: I): string;
  /** A further line under the offer, if any. */
  note?(inv: I): ReactNode;
  acceptLabel: string;
  acceptOf(inv: I): string;
  /** Accepts or declines, and returns the message to show once done. */
  answer(inv: I, accept: boolean): Promise<string>;
  onChange(message: string): void;
}

/** The invitations waiting for the person's answer, each with accept and decline; nothing when there are none. */
export function InvitationAnswers<I extends PendingInvitation>(props: Props<I>) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const state = useAsync((signal) => props.load(signal), props.version);
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  const invitations = shown(state);
  if (!invitations) {
    return <Loading />;
  }
  if (invitations.length === 0) {
    return null;
  }
  const answer = async (inv: I, accept: boolean) => {
    setBusy(inv.id);
    setError('');
    try {
      props.onChange(await props.answer(inv, accept));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy('');
    }
  };
  const Heading = props.heading;
  return (
    <>
      <Heading id={props.headingId}>{t('memberships.invitationsTitle')}</Heading>
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      <ul className="membership-list" aria-labelledby={props.headingId}>
        {invitations.map((inv) => (
          <li key={inv.id}>
            <p>
              {props.describe(inv)}{' '}
              <span className="membership-role">{t('memberships.expires', { date: format.date(inv.expires_at) })}</span>
            </p>
            {props.note && <p>{props.note(inv)}</p>}
            <ul className="row-actions">
              <li>
                <button
                  type="button"
                  className="button button-primary"
                  disabled={busy === inv.id}
                  aria-label={props.acceptOf(inv)}
                  onClick={() => void answer(inv, true)}
                >
                  {props.acceptLabel}
                </button>
              </li>
              <li>
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={busy === inv.id}
                  aria-label={t('memberships.declineOf', { name: inv.org_name })}
                  onClick={() => void answer(inv, false)}
                >
                  {t('memberships.decline')}
                </button>
              </li>
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}
