import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A link shown in a read-only field with a button that copies it. The outcome is
 * announced in a polite live region; when the clipboard is out of reach the link is
 * selected so it can be copied by hand.
 */
export function CopyLinkField({ id, label, url, describedBy }: { id: string; label: string; url: string; describedBy?: string }) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<'idle' | 'copied' | 'failed'>('idle');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setOutcome('copied');
    } catch {
      inputRef.current?.focus();
      inputRef.current?.select();
      setOutcome('failed');
    }
  };

  return (
    <div className="field copy-link">
      <label htmlFor={id}>{label}</label>
      <div className="copy-link-row">
        <input
          ref={inputRef}
          id={id}
          type="url"
          value={url}
          readOnly
          onFocus={(e) => e.currentTarget.select()}
          aria-describedby={describedBy}
        />
        <button type="button" className="button button-quiet" onClick={() => void copy()} aria-describedby={describedBy}>
          {t('wallet.copyLink')}
        </button>
      </div>
      <p className={outcome === 'failed' ? 'field-hint copy-failed' : 'field-hint'} role="status">
        {outcome === 'copied' && t('wallet.linkCopied')}
        {outcome === 'failed' && t('wallet.copyFailed')}
      </p>
    </div>
  );
}
