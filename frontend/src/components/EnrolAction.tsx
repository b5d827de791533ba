import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { enrol, getMyCourse } from '../api/endpoints';
import { useAuth } from '../auth/AuthContext';
import { useAsync } from '../lib/useAsync';
import { ErrorNotice } from './ErrorNotice';

/** On a course page: enrol, continue where one left off, or sign up first. */
export function EnrolAction({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const { status } = useAuth();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const enrolled = useAsync(
    (signal) =>
      status === 'signed-in'
        ? getMyCourse(slug, signal).then(
            () => true,
            (err: unknown) => {
              if (err instanceof ApiError && err.status === 404) {
                return false;
              }
              throw err;
            },
          )
        : Promise.resolve(false),
    `${slug}:${status}`,
  );

  if (status === 'loading') {
    return null;
  }
  if (status === 'anonymous') {
    const next = encodeURIComponent(`/courses/${slug}`);
    return (
      <p className="actions">
        <Link to={`/signup?next=${next}`} className="button button-primary">
          {t('learn.signUpToEnrol')}
        </Link>
        <Link to={`/signin?next=${next}`} className="button button-quiet">
          {t('nav.signIn')}
        </Link>
      </p>
    );
  }
  if (enrolled.status === 'success' && enrolled.data) {
    return (
      <p>
        <Link to={`/learn/${slug}`} className="button button-primary">
          {t('learn.continueLearning')}
        </Link>
      </p>
    );
  }

  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      await enrol(slug);
      navigate(`/learn/${slug}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <>
      {error !== null && <ErrorNotice error={error} />}
      <p>
        <button type="button" className="button button-primary" onClick={() => void join()} disabled={busy || enrolled.status === 'loading'}>
          {t('learn.enrol')}
        </button>
      </p>
    </>
  );
}
