import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { credentialPath, listMyCredentials, verificationPageURL, type WalletCredential } from '../api/credentials';
import type { Page } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { RequireAuth } from '../auth/RequireAuth';
import { CopyLinkField } from '../components/CopyLinkField';
import { ErrorNotice } from '../components/ErrorNotice';
import { Fact } from '../components/Fact';
import { Loading } from '../components/Loading';
import { toLanguage } from '../i18n';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** The member's wallet: every credential earned, with downloads and ways to share it. */
export default function CredentialsPage() {
  const { t } = useTranslation();
  usePageTitle(t('wallet.title'));
  return (
    <RequireAuth>
      <div className="container page">
        <h1>{t('wallet.title')}</h1>
        <p className="lead">{t('wallet.lead')}</p>
        <Wallet />
      </div>
    </RequireAuth>
  );
}

function Wallet() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const first = useAsync((signal) => listMyCredentials(undefined, signal), user?.id ?? '');
  const [more, setMore] = useState<Page<WalletCredential>[]>([]);
  const [moreStatus, setMoreStatus] = useState<{ busy: boolean; error?: unknown }>({ busy: false });

  if (first.status === 'loading') {
    return <Loading />;
  }
  if (first.status === 'error') {
    return <ErrorNotice error={first.error} />;
  }
  const pages = [first.data, ...more];
  const credentials = pages.flatMap((p) => p.items);
  const next = pages[pages.length - 1]?.next_cursor;

  const showMore = async () => {
    setMoreStatus({ busy: true });
    try {
      const page = await listMyCredentials(next);
      setMore((m) => [...m, page]);
      setMoreStatus({ busy: false });
    } catch (error) {
      setMoreStatus({ busy: false, error });
    }
  };

  if (credentials.length === 0) {
    return (
      <>
        <p className="empty-state">{t('wallet.empty')}</p>
        <p>
          <Link to="/search?type=course" className="button button-primary">
            {t('learning.explore')}
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <ul className="wallet-list">
        {credentials.map((c) => (
          <li key={c.id}>
            <CredentialCard credential={c} />
          </li>
        ))}
      </ul>
      {moreStatus.error !== undefined && <ErrorNotice error={moreStatus.error} />}
      {next && (
        <button type="button" className="button button-quiet" disabled={moreStatus.busy} onClick={() => void showMore()}>
          {t('wallet.showMore')}
        </button>
      )}
    </>
  );
}

function CredentialCard({ credential: c }: { credential: WalletCredential }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const titleId = `credential-${c.id}`;
  const language = toLanguage(i18n.resolvedLanguage);
  const inForce = c.status === 'active';
  return (
    <article className={`card credential-card credential-${c.status}`} aria-labelledby={titleId}>
      <p className="badge">{c.micro_credential ? t('wallet.microCredential') : t('wallet.credential')}</p>
      <h2 id={titleId} className="hit-title">
        {c.name}
      </h2>
      <p className="credential-issuer">
        {t('wallet.issuedBy')} <Link to={`/institutions/${encodeURIComponent(c.issuer_slug)}`}>{c.issuer_name}</Link>
      </p>
      <dl className="facts facts-row">
        <Fact term={t('wallet.issuedOn')}>
          <time dateTime={c.issued_at}>{format.date(c.issued_at)}</time>
        </Fact>
        {c.valid_until && (
          <Fact term={t('wallet.validUntil')}>
            <time dateTime={c.valid_until}>{format.date(c.valid_until)}</time>
          </Fact>
        )}
        <Fact term={t('wallet.statusLabel')}>
          <span className={`status status-${c.status}`}>{t(`wallet.status.${c.status}`, { defaultValue: c.status })}</span>
        </Fact>
      </dl>
      {!inForce && <p className="notice notice-error">{t(`wallet.notInForce.${c.status}`, { defaultValue: '' })}</p>}

      <h3 className="credential-actions-title">{t('wallet.download')}</h3>
      <p className="actions">
        <a
          className="button button-primary"
          href={`${credentialPath(c.id, 'certificate.pdf')}?lang=${language}`}
          download={`certificate-${c.id}-${language}.pdf`}
          aria-describedby={titleId}
        >
          {t('wallet.downloadPDF')}
        </a>
        <a className="button button-quiet" href={credentialPath(c.id)} download={`credential-${c.id}.json`} aria-describedby={titleId}>
          {t('wallet.downloadJSON')}
        </a>
        <a
          className="button button-quiet"
          href={credentialPath(c.id, 'credential.jwt')}
          download={`credential-${c.id}.jwt`}
          aria-describedby={titleId}
        >
          {t('wallet.downloadJWT')}
        </a>
      </p>

      {inForce && (
        <>
          <h3 className="credential-actions-title">{t('wallet.share')}</h3>
          <CopyLinkField id={`share-${c.id}`} label={t('wallet.shareLink')} url={verificationPageURL(c.id)} describedBy={titleId} />
          <p className="actions">
            <a className="button button-quiet" href={c.linkedin_url} target="_blank" rel="noopener noreferrer" aria-describedby={titleId}>
              {t('wallet.addToLinkedIn')} <span className="visually-hidden">{t('wallet.newTab')}</span>
            </a>
            <Link className="button button-quiet" to={`/verify/${encodeURIComponent(c.id)}`} aria-describedby={titleId}>
              {t('wallet.openVerification')}
            </Link>
          </p>
        </>
      )}
    </article>
  );
}
