import { useTranslation } from 'react-i18next';
import { NotFound } from '../components/NotFound';
import { usePageTitle } from '../lib/usePageTitle';

/** Shown for any path the app does not know. */
export default function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return <NotFound />;
}
