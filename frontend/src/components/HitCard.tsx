import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SearchHit } from '../api/types';
import { Highlight } from './Highlight';

/** Where a search hit's page is. */
export function hitPath(hit: Pick<SearchHit, 'type' | 'slug'>): string {
  return hit.type === 'programme' ? `/programmes/${hit.slug}` : `/courses/${hit.slug}`;
}

/** One course or programme in a list, its title highlighted where the query matched. */
export function HitCard({ hit, headingLevel = 3 }: { hit: SearchHit; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const summary = hit.highlights?.summary ?? hit.summary;
  return (
    <article className="card hit-card">
      <p className={`badge badge-${hit.type}`}>{hit.type === 'programme' ? t('type.programme') : t('type.course')}</p>
      <Heading className="hit-title">
        <Link to={hitPath(hit)}>
          <Highlight html={hit.highlights?.title ?? hit.title} />
        </Link>
      </Heading>
      {summary && (
        <p className="hit-summary">
          <Highlight html={summary} />
        </p>
      )}
    </article>
  );
}
