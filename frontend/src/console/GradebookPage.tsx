import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  credentialForCompletion,
  downloadGradebook,
  getDraftCourse,
  getGradebook,
  listCohorts,
  type DraftCourse,
  type Gradebook,
  type GradebookFilter,
  type GradebookRow,
  type Org,
} from '../api/console';
import { revokeCredential } from '../api/credentials';
import { ErrorNotice } from '../components/ErrorNotice';
import { EntryLoader } from '../components/EntryLoader';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { useAsync } from '../lib/useAsync';
import { usePageTitle } from '../lib/usePageTitle';
import { ConsoleFrame, CourseTabs } from './ConsoleFrame';
import { RevokeForm } from './RevokeForm';

/** A course's gradebook: each learner's progress, grade and completion, and a way to revoke the credential earned. */
export default function GradebookPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  return (
    <ConsoleFrame crumbs={[{ label: t('console.title'), to: '/console' }]}>
      {(orgs) => <LoadedGradebook slug={slug} orgs={orgs} />}
    </ConsoleFrame>
  );
}

function LoadedGradebook({ slug, orgs }: { slug: string; orgs: Org[] }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getDraftCourse(slug, signal), slug);
  usePageTitle(state.status === 'success' ? t('console.gradebookOf', { title: state.data.title }) : t('console.tabGradebook'));
  return (
    <EntryLoader state={state}>
      {(course) => (
        <>
          <h1>
            <span lang={course.language}>{course.title}</span>
            <span className="visually-hidden">: {t('console.tabGradebook')}</span>
          </h1>
          <CourseTabs slug={course.slug} />
          <Rows course={course} org={orgs.find((o) => o.slug === course.institution)} />
        </>
      )}
    </EntryLoader>
  );
}

function Rows({ course, org }: { course: DraftCourse; org?: Org }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<GradebookFilter>({ standing: '', cohort: '', search: '' });
  const cohorts = useAsync((signal) => listCohorts(course.slug, signal), course.slug);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const set = (change: Partial<GradebookFilter>) => setFilter((f) => ({ ...f, ...change }));
  return (
    <>
      <p>{t('console.gradebookLead')}</p>
      <p>
        <button type="button" className="button button-quiet" onClick={() => void downloadGradebook(course.slug).catch(setDownloadError)}>
          {t('teaching.downloadCSV')}
        </button>
      </p>
      {downloadError !== null && <ErrorNotice error={downloadError} />}
      <form className="filters" role="search" aria-label={t('teaching.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="gb-search">{t('teaching.searchLearner')}</label>
          <input id="gb-search" type="search" value={filter.search} onChange={(e) => set({ search: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="gb-standing">{t('teaching.colStanding')}</label>
          <select id="gb-standing" value={filter.standing} onChange={(e) => set({ standing: e.target.value })}>
            <option value="">{t('teaching.any')}</option>
            {(['awaiting_grading', 'passed', 'failed', 'in_progress'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`teaching.standing.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="gb-cohort">{t('teaching.cohort')}</label>
          <select id="gb-cohort" value={filter.cohort} onChange={(e) => set({ cohort: e.target.value })}>
            <option value="">{t('teaching.any')}</option>
            {cohorts.status === 'success' &&
              cohorts.data.map((c) => (
                <option key={c.id} value={c.name}>
                  {c.name}
                </option>
              ))}
          </select>
        </div>
      </form>
      {/* A new filter starts the list again from its first page. */}
      <FilteredRows key={JSON.stringify(filter)} course={course} org={org} filter={filter} />
    </>
  );
}

/** The learners the server finds for a filter, a page at a time. */
function FilteredRows({ course, org, filter }: { course: DraftCourse; org?: Org; filter: GradebookFilter }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const first = useAsync((signal) => getGradebook(course.slug, filter, undefined, signal), `${course.slug}|${JSON.stringify(filter)}`);
  const [more, setMore] = useState<Gradebook[]>([]);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [revoking, setRevoking] = useState<string | null>(null);

  if (first.status === 'loading') {
    return <Loading />;
  }
  if (first.status === 'error') {
    return <ErrorNotice error={first.error} />;
  }
  const pages = [first.data, ...more];
  const rows = pages.flatMap((p) => p.rows);
  const assessments = first.data.columns.map((c, i) => ({ ...c, index: i })).filter((c) => c.kind === 'assessment');
  const next = pages[pages.length - 1]?.next_cursor;
  // Only a completion of a credential-bearing course earned a credential to revoke.
  const revokerFor = (row: GradebookRow) => {
    const completion = row.completion;
    if (!completion || !course.credential || !org) {
      return undefined;
    }
    return async (reason: string) => {
      const credential = await credentialForCompletion(org.id, {
        learner_id: row.learner_id,
        course_id: course.id,
        grade: completion.grade_percent,
        completed_at: completion.completed_at,
      });
      return (await revokeCredential(credential.id, reason)).id;
    };
  };

  const showMore = async () => {
    try {
      const page = await getGradebook(course.slug, filter, next);
      setMore((m) => [...m, page]);
      setMoreError(null);
    } catch (err) {
      setMoreError(err);
    }
  };

  if (rows.length === 0 && !filter.standing && !filter.cohort && !filter.search.trim()) {
    return <p className="empty-state">{t('console.noLearners')}</p>;
  }
  return (
    <>
      <p role="status">{t('teaching.shown', { count: rows.length })}</p>
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table gradebook">
            <caption className="visually-hidden">{t('console.gradebookOf', { title: course.title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.colLearner')}</th>
                <th scope="col">{t('console.colStatus')}</th>
                <th scope="col">{t('console.colProgress')}</th>
                <th scope="col">{t('console.colGrade')}</th>
                {assessments.map((c) => (
                  <th scope="col" key={c.ref}>
                    {c.title}
                  </th>
                ))}
                <th scope="col">{t('console.colCompleted')}</th>
                <th scope="col">{t('console.colCredential')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <GradebookLine
                  key={row.enrolment_id}
                  row={row}
                  slug={course.slug}
                  assessments={assessments.map((c) => c.index)}
                  open={revoking === row.enrolment_id}
                  onToggle={() => setRevoking((r) => (r === row.enrolment_id ? null : row.enrolment_id))}
                  status={`${labels.of('enrolment', row.status)} · ${t(`teaching.standing.${row.standing}`)}`}
                  percent={(n) => t('verify.percent', { value: format.number(Math.round(n * 10) / 10) })}
                  date={(d) => format.date(d)}
                  revoke={revokerFor(row)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {moreError !== null && <ErrorNotice error={moreError} />}
      {next && (
        <button type="button" className="button button-quiet" onClick={() => void showMore()}>
          {t('console.showMoreLearners')}
        </button>
      )}
    </>
  );
}

function GradebookLine({
  row,
  slug,
  assessments,
  open,
  onToggle,
  status,
  percent,
  date,
  revoke,
}: {
  row: GradebookRow;
  slug: string;
  /** The indexes of the assessment columns among the row's cells. */
  assessments: number[];
  open: boolean;
  onToggle(): void;
  status: string;
  percent(n: number): string;
  date(d: string): string;
  /** Revokes the credential the row's completion earned; absent when there is none. */
  revoke?(reason: string): Promise<string>;
}) {
  const { t } = useTranslation();
  const panelID = `revoke-${row.enrolment_id}`;
  return (
    <>
      <tr>
        <th scope="row">
          <Link to={`/console/courses/${encodeURIComponent(slug)}/learners/${encodeURIComponent(row.learner_id)}`}>
            {row.learner_name || <code>{row.learner_id}</code>}
          </Link>
          {row.learner_email && (
            <>
              {' '}
              <span className="learner-email">{row.learner_email}</span>
            </>
          )}
        </th>
        <td>{status}</td>
        <td>{percent(row.progress_percent)}</td>
        <td>{percent(row.grade_percent)}</td>
        {assessments.map((i) => {
          const cell = row.cells[i];
          return <td key={i}>{cell?.best_percent !== undefined ? percent(cell.best_percent) : '—'}</td>;
        })}
        <td>{row.completion ? date(row.completion.completed_at) : '—'}</td>
        <td>
          {revoke ? (
            <button
              type="button"
              className="button button-small button-quiet"
              aria-expanded={open}
              aria-controls={panelID}
              onClick={onToggle}
            >
              {t('console.revokeCredential')}{' '}
              <span className="visually-hidden">({row.learner_name || row.learner_id})</span>
            </button>
          ) : (
            '—'
          )}
        </td>
      </tr>
      {revoke && (
        <tr id={panelID} hidden={!open}>
          <td colSpan={6 + assessments.length}>{open && <RevokeForm idPrefix={panelID} revoke={revoke} />}</td>
        </tr>
      )}
    </>
  );
}
