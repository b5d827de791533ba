import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SearchHit } from '../api/types';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { Highlight } from './Highlight';

/** Where a search hit's page is. */
export function hitPath(hit: Pick<SearchHit, 'type' | 'slug'>): string {
  switch (hit.type) {
    case 'programme':
      return `/programmes/${hit.slug}`;
    case 'competition':
      return `/competitions/${hit.slug}`;
    default:
      return `/courses/${hit.slug}`;
  }
}

/** The facts a card lists under its title, in the UI language. */
function useMeta(hit: SearchHit): string[] {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const meta: string[] = [];
  if (hit.institution_name) {
    meta.push(hit.institution_name);
  }
  if (hit.status) {
    meta.push(t(`competitions.status.${hit.status}`, { defaultValue: hit.status }));
  }
  if (hit.cycle) {
    meta.push(labels.of('cycle', hit.cycle));
  } else if (hit.level) {
    meta.push(labels.of('level', hit.level));
  }
  if (hit.ects) {
    meta.push(t('entry.ectsValue', { count: hit.ects }));
  }
  if (hit.eqf_level) {
    meta.push(labels.eqf(hit.eqf_level));
  }
  if (hit.language) {
    meta.push(format.languageName(hit.language));
  }
  if (hit.country) {
    meta.push(format.countryName(hit.country));
  }
  if (hit.delivery) {
    meta.push(labels.of('delivery', hit.delivery));
  }
  return meta;
}

/** One course, programme or competition in a list, its title highlighted where the query matched. */
export function HitCard({ hit, headingLevel = 3 }: { hit: SearchHit; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const summary = hit.highlights?.summary ?? hit.summary;
  const meta = useMeta(hit);
  return (
    <article className="card hit-card">
      <p className={`badge badge-${hit.type}`}>{t(`type.${hit.type}`)}</p>
      <Heading className="hit-title" lang={hit.language}>
        <Link to={hitPath(hit)}>
          <Highlight html={hit.highlights?.title ?? hit.title} />
        </Link>
      </Heading>
      {meta.length > 0 && (
        <ul className="hit-meta">
          {meta.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      {summary && (
        <p className="hit-summary" lang={hit.language}>
          <Highlight html={summary} />
        </p>
      )}
    </article>
  );
}
