import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { createCohort, listCohorts, type Cohort } from '../api/console';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useAsync } from '../lib/useAsync';
import { CourseSection } from './CourseSection';

/** The cohorts of a course that have not ended, and a form to open one. */
export default function CohortsPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  return (
    <CourseSection slug={slug} section={t('teaching.tabCohorts')}>
      {() => <Cohorts slug={slug} />}
    </CourseSection>
  );
}

function Cohorts({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useAsync((signal) => listCohorts(slug, signal), slug);
  const [added, setAdded] = useState<Cohort[]>([]);
  const [name, setName] = useState('');
  const [starts, setStarts] = useState('');
  const [ends, setEnds] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const c = await createCohort(slug, { name: name.trim(), starts_at: new Date(`${starts}T00:00:00Z`).toISOString(), ends_at: new Date(`${ends}T23:59:59Z`).toISOString() });
      setAdded((a) => [...a, c]);
      setName('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const day = (iso: string) => format.date(iso, { dateStyle: 'medium', timeZone: 'UTC' });
  const cohorts = state.status === 'success' ? [...state.data, ...added] : added;
  return (
    <>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'success' &&
        (cohorts.length === 0 ? (
          <p className="empty-state">{t('teaching.noCohorts')}</p>
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">{t('teaching.tabCohorts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('teaching.cohortName')}</th>
                <th scope="col">{t('teaching.starts')}</th>
                <th scope="col">{t('teaching.ends')}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>{day(c.starts_at)}</td>
                  <td>{day(c.ends_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="new-cohort">
        <h2 id="new-cohort">{t('teaching.newCohort')}</h2>
        {error !== null && <ErrorNotice error={error} />}
        <div className="field">
          <label htmlFor="cohort-name">{t('teaching.cohortName')}</label>
          <input id="cohort-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="cohort-starts">{t('teaching.starts')}</label>
          <input id="cohort-starts" type="date" required value={starts} onChange={(e) => setStarts(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="cohort-ends">{t('teaching.ends')}</label>
          <input id="cohort-ends" type="date" required value={ends} onChange={(e) => setEnds(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('teaching.createCohort')}
        </button>
      </form>
    </>
  );
}
