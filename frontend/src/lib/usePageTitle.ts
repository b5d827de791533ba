import { useEffect } from 'react';

/** Sets the document title to "title · Academy" while the page is shown. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Academy` : 'Academy';
  }, [title]);
}
