import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';

/** The signed-in person's menu: a button that discloses links to the dashboard, the account page, team learning, the talent pool and sign-out. */
export function AccountMenu({ displayName }: { displayName: string }) {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const containerRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!open) {
      return;
    }
    const closeOnOutside = (event: PointerEvent | FocusEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', closeOnOutside);
    document.addEventListener('focusin', closeOnOutside);
    document.addEventListener('keydown', closeOnEscape);
    return () => {
      document.removeEventListener('pointerdown', closeOnOutside);
      document.removeEventListener('focusin', closeOnOutside);
      document.removeEventListener('keydown', closeOnEscape);
    };
  }, [open]);

  const handleSignOut = async () => {
    setOpen(false);
    try {
      await signOut();
    } finally {
      navigate('/');
    }
  };

  return (
    <div className="account-menu" ref={containerRef}>
      <button
        ref={buttonRef}
        type="button"
        className="account-menu-button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="visually-hidden">{t('nav.accountMenuFor')} </span>
        <span className="account-menu-name">{displayName}</span>
        <span className="chevron" aria-hidden="true" />
      </button>
      <ul id={listId} className="account-menu-list" hidden={!open}>
        <li>
          <Link to="/dashboard" onClick={() => setOpen(false)}>
            {t('nav.dashboard')}
          </Link>
        </li>
        <li>
          <Link to="/account" onClick={() => setOpen(false)}>
            {t('nav.account')}
          </Link>
        </li>
        <li>
          <Link to="/teams" onClick={() => setOpen(false)}>
            {t('nav.teams')}
          </Link>
        </li>
        <li>
          <Link to="/talent" onClick={() => setOpen(false)}>
            {t('nav.talent')}
          </Link>
        </li>
        <li>
          <button type="button" onClick={() => void handleSignOut()}>
            {t('nav.signOut')}
          </button>
        </li>
      </ul>
    </div>
  );
}
