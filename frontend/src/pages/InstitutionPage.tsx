import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { getInstitution } from '../api/endpoints';
import type { InstitutionDetail, SearchHit } from '../api/types';
import { EntryLoader } from '../components/EntryLoader';
import { HitCard } from '../components/HitCard';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';

/** A university or training provider: its profile and what it offers. */
export default function InstitutionPage() {
  const { slug = '' } = useParams();
  const state = useAsync((signal) => getInstitution(slug, signal), slug);
  usePageTitle(state.status === 'success' ? state.data.name : undefined);
  return <EntryLoader state={state}>{(institution) => <InstitutionDetails institution={institution} />}</EntryLoader>;
}

function InstitutionDetails({ institution: i }: { institution: InstitutionDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const location = [i.city, format.countryName(i.country)].filter(Boolean).join(', ');
  const programmes: SearchHit[] = i.programmes.map((p) => ({
    type: 'programme',
    id: p.id,
    slug: p.slug,
    title: p.title,
    summary: p.summary,
    cycle: p.cycle,
    ects: p.ects,
    eqf_level: p.eqf_level,
    language: p.languages[0],
    delivery: p.delivery,
  }));
  const courses: SearchHit[] = i.courses.map((c) => ({
    type: 'course',
    id: c.id,
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    level: c.level,
    ects: c.ects,
    eqf_level: c.eqf_level,
    language: c.language,
  }));

  return (
    <article className="container page entry">
      <header className="entry-head">
        <p className="badge">{labels.of('kind', i.kind)}</p>
        <h1>{i.name}</h1>
        {location && <p className="entry-provider">{location}</p>}
        {i.sample && <p className="notice notice-info">{t('entry.sample')}</p>}
        {i.description && <p className="lead">{i.description}</p>}
        {i.website && (
          <p>
            <a href={i.website} rel="noopener noreferrer">
              {t('institution.website')}
            </a>
          </p>
        )}
      </header>

      <section className="section-tight" aria-labelledby="institution-programmes">
        <h2 id="institution-programmes">{t('institution.programmes', { count: programmes.length })}</h2>
        {programmes.length > 0 ? <CardList hits={programmes} /> : <p className="empty-state">{t('institution.noProgrammes')}</p>}
      </section>

      <section className="section-tight" aria-labelledby="institution-courses">
        <h2 id="institution-courses">{t('institution.courses', { count: courses.length })}</h2>
        {courses.length > 0 ? <CardList hits={courses} /> : <p className="empty-state">{t('institution.noCourses')}</p>}
      </section>
    </article>
  );
}

function CardList({ hits }: { hits: SearchHit[] }) {
  return (
    <ul className="card-grid">
      {hits.map((hit) => (
        <li key={hit.id}>
          <HitCard hit={hit} />
        </li>
      ))}
    </ul>
  );
}
