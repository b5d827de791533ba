import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** The message to show a person for a failed request, in their language where we know the case. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error: unknown) => {
    if (error instanceof ApiError) {
      if (error.status === 0) {
        return t('errors.network');
      }
      if (error.status === 429) {
        return t('errors.tooManyRequests');
      }
      if (error.status >= 500) {
        return t('errors.server');
      }
      if (error.detail) {
        return error.detail;
      }
    }
    return t('errors.generic');
  };
}

/** An alert box explaining why something could not be loaded or saved. */
export function ErrorNotice({ error }: { error: unknown }) {
  const message = useErrorMessage();
  return (
    <div className="notice notice-error" role="alert">
      {message(error)}
    </div>
  );
}
