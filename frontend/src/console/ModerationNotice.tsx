import { useTranslation } from 'react-i18next';
import type { Moderation } from '../api/types';
import { useFormat } from '../i18n/format';

/** Tells staff or hosts that an administrator unpublished what they look at, when and why. */
export function ModerationNotice({ moderation }: { moderation: Moderation }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="notice notice-error" role="alert">
      {t('console.moderated', { date: format.date(moderation.at, { dateStyle: 'long' }), reason: moderation.reason })}
    </div>
  );
}
