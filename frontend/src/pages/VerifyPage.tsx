import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../api/client';
import { credentialFacts, getVerification, verifyCredential, type Verification } from '../api/credentials';
import { ErrorNotice, useErrorMessage } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { VerificationReport } from '../components/VerificationReport';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/**
 * The public verification page: anyone, signed in or not, sees whether a credential
 * issued here is genuine and in force, check by check, and can verify a credential
 * file they were sent.
 */
export default function VerifyPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <div className="container page verify-page">
      <h1>{t('verify.title')}</h1>
      {id ? <StoredVerification id={id} /> : <p className="lead">{t('verify.lead')}</p>}
      <PastedVerification />
    </div>
  );
}

function StoredVerification({ id }: { id: string }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getVerification(id, signal), id);
  const achievement = state.status === 'success' ? credentialFacts(state.data.credential).achievement : undefined;
  usePageTitle(achievement ? t('verify.titleOf', { name: achievement }) : t('verify.title'));
  if (state.status === 'loading') {
    return <Loading label={t('verify.checking')} />;
  }
  if (state.status === 'error') {
    if (state.error instanceof ApiError && state.error.status === 404) {
      return (
        <div className="verdict verdict-invalid">
          <h2>
            <span className="verdict-mark" aria-hidden="true">
              ✗
            </span>{' '}
            {t('verify.notFoundTitle')}
          </h2>
          <p>{t('verify.notFoundBody')}</p>
        </div>
      );
    }
    return <ErrorNotice error={state.error} />;
  }
  return <VerificationReport verification={state.data} level={2} idPrefix="stored" />;
}

/** A form for a credential received as a file: its VC-JWT, or its JSON. */
function PastedVerification() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Verification | null>(null);
  const verdictRef = useRef<HTMLHeadingElement>(null);
  const fieldRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (result) {
      verdictRef.current?.focus();
    }
  }, [result]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    const given = input.trim();
    if (!given) {
      setError(t('verify.pasteRequired'));
      fieldRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await verifyCredential(given));
    } catch (err) {
      setError(err instanceof SyntaxError ? t('verify.notJSON') : errorMessage(err));
      fieldRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section-tight" aria-labelledby="paste-title">
      <h2 id="paste-title">{t('verify.pasteTitle')}</h2>
      <form className="form narrow" onSubmit={(e) => void submit(e)} noValidate>
        <div className={error ? 'field field-invalid' : 'field'}>
          <label htmlFor="paste-credential">{t('verify.pasteLabel')}</label>
          <p id="paste-credential-hint" className="field-hint">
            {t('verify.pasteHint')}
          </p>
          <textarea
            ref={fieldRef}
            id="paste-credential"
            rows={6}
            spellCheck={false}
            autoCapitalize="off"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'paste-credential-hint paste-credential-error' : 'paste-credential-hint'}
          />
          {error && (
            <p id="paste-credential-error" className="field-error">
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('verify.checking') : t('verify.verifyButton')}
        </button>
      </form>
      {result && <VerificationReport verification={result} level={3} idPrefix="pasted" verdictRef={verdictRef} />}
    </section>
  );
}
