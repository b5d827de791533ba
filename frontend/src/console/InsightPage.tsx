import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { getCourseInsight, type CourseInsight, type DayCount } from '../api/console';
import { BarChart } from '../components/BarChart';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { saveCSV } from '../lib/files';
import { useAsync } from '../lib/useAsync';
import { CourseSection } from './CourseSection';

/** What a course's results say: enrolments, completions and credentials over time, and per assessment its pass rate, grades and questions. */
export default function InsightPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  return (
    <CourseSection slug={slug} section={t('teaching.tabInsight')}>
      {() => <Insight slug={slug} />}
    </CourseSection>
  );
}

/** Running totals of daily counts: the curve of a count over time. */
export function cumulative(points: DayCount[]): DayCount[] {
  let total = 0;
  return points.map((p) => ({ day: p.day, count: (total += p.count) }));
}

function Insight({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getCourseInsight(slug, signal), slug);
  if (state.status === 'loading') {
    return <Loading />;
  }
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} />;
  }
  const ins = state.data;
  return (
    <>
      <p>{t('teaching.insightLead')}</p>
      <dl className="facts">
        <dt>{t('teaching.enrolments')}</dt>
        <dd>{ins.enrolments}</dd>
        <dt>{t('teaching.completions')}</dt>
        <dd>{ins.completions}</dd>
        <dt>{t('teaching.credentials')}</dt>
        <dd>{ins.credentials}</dd>
      </dl>
      <OverTime insight={ins} slug={slug} />
      {ins.assessments.map((a) => (
        <Assessment key={a.item} slug={slug} assessment={a} />
      ))}
    </>
  );
}

const W = 480;
const H = 160;
const PAD = 24;

function OverTime({ insight, slug }: { insight: CourseInsight; slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const lines = [
    { key: 'enrolments', label: t('teaching.enrolments'), points: cumulative(insight.enrolments_by_day), className: 'chart-line-1' },
    { key: 'completions', label: t('teaching.completions'), points: cumulative(insight.completions_by_day), className: 'chart-line-2' },
    { key: 'credentials', label: t('teaching.credentials'), points: cumulative(insight.credentials_by_day), className: 'chart-line-3' },
  ];
  const days = [...new Set(lines.flatMap((l) => l.points.map((p) => p.day)))].sort();
  const max = Math.max(1, ...lines.flatMap((l) => l.points.map((p) => p.count)));
  const x = (day: string) => PAD + (days.length <= 1 ? 0 : (days.indexOf(day) / (days.length - 1)) * (W - 2 * PAD));
  const y = (n: number) => H - PAD - (n / max) * (H - 2 * PAD);
  const totalOn = (points: DayCount[], day: string) => points.filter((p) => p.day <= day).at(-1)?.count ?? 0;
  const rows = days.map((d) => [d, ...lines.map((l) => totalOn(l.points, d))]);
  const titleID = useId();
  return (
    <section aria-labelledby={titleID}>
      <h2 id={titleID}>{t('teaching.overTime')}</h2>
      {days.length === 0 ? (
        <p className="empty-state">{t('teaching.noData')}</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('teaching.overTimeChart')} className="chart">
            <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} stroke="currentColor" />
            <text x={PAD} y={PAD - 8} fontSize="10">
              {max}
            </text>
            {lines.map((l) => (
              <polyline
                key={l.key}
                className={l.className}
                fill="none"
                strokeWidth="2"
                stroke="currentColor"
                points={days.map((d) => `${x(d)},${y(totalOn(l.points, d))}`).join(' ')}
              >
                <title>{l.label}</title>
              </polyline>
            ))}
          </svg>
          <ul className="chart-legend">
            {lines.map((l) => (
              <li key={l.key} className={l.className}>
                {l.label}
              </li>
            ))}
          </ul>
          <details>
            <summary>{t('common.showAsTable')}</summary>
            <table className="data-table">
              <caption>{t('teaching.overTimeChart')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('teaching.day')}</th>
                  {lines.map((l) => (
                    <th scope="col" key={l.key}>
                      {l.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map(([d, ...counts]) => (
                  <tr key={d}>
                    <th scope="row">{format.date(String(d), { dateStyle: 'medium', timeZone: 'UTC' })}</th>
                    {counts.map((c, i) => (
                      <td key={i}>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <button type="button" className="button button-quiet button-small" onClick={() => saveCSV(`${slug}-over-time.csv`, [['day', ...lines.map((l) => l.key)], ...rows])}>
            {t('teaching.downloadChartCSV')}
          </button>
        </>
      )}
    </section>
  );
}

function Assessment({ slug, assessment: a }: { slug: string; assessment: CourseInsight['assessments'][number] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const titleID = useId();
  const band = (i: number) => `${i * 10}–${i * 10 + 10} %`;
  const pct = (n: number) => `${format.number(Math.round(n * 1000) / 10)} %`;
  const r = (n?: number) => (n === undefined ? '—' : format.number(Math.round(n * 100) / 100));
  return (
    <section aria-labelledby={titleID}>
      <h2 id={titleID}>{a.title}</h2>
      <p>{t('teaching.assessmentSummary', { graded: a.graded, passRate: pct(a.pass_rate), mean: format.number(Math.round(a.mean_percent * 10) / 10) })}</p>
      <h3>{t('teaching.histogram')}</h3>
      <BarChart
        label={t('teaching.histogramOf', { title: a.title })}
        bars={a.histogram.map((n, i) => ({ label: band(i), value: n, tick: String(i * 10) }))}
        barHeader={t('teaching.gradeBand')}
        valueHeader={t('teaching.attempts')}
      />
      <button
        type="button"
        className="button button-quiet button-small"
        onClick={() => saveCSV(`${slug}-${a.item}-grades.csv`, [['grade_from', 'grade_to', 'attempts'], ...a.histogram.map((n, i) => [i * 10, i * 10 + 10, n])])}
      >
        {t('teaching.downloadChartCSV')}
      </button>
      <h3>{t('teaching.questions')}</h3>
      <p className="hint">{t('teaching.questionsLead')}</p>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{t('teaching.questionsOf', { title: a.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('teaching.colQuestionID')}</th>
              <th scope="col">{t('teaching.attempts')}</th>
              <th scope="col">{t('teaching.difficulty')}</th>
              <th scope="col">{t('teaching.discrimination')}</th>
            </tr>
          </thead>
          <tbody>
            {a.questions.map((q) => (
              <tr key={q.question_id}>
                <th scope="row">{q.question_id}</th>
                <td>{q.attempts}</td>
                <td>
                  <svg width="60" height="10" aria-hidden="true" className="chart-inline">
                    <rect width={60 * q.difficulty} height="10" fill="currentColor" />
                  </svg>{' '}
                  {pct(q.difficulty)}
                </td>
                <td>
                  {r(q.discrimination)}
                  {q.discrimination !== undefined && q.discrimination < 0.1 && ` (${t('teaching.lowDiscrimination')})`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        className="button button-quiet button-small"
        onClick={() =>
          saveCSV(`${slug}-${a.item}-questions.csv`, [
            ['question_id', 'attempts', 'correct', 'difficulty', 'mean_score', 'discrimination'],
            ...a.questions.map((q) => [q.question_id, q.attempts, q.correct, q.difficulty, q.mean_score, q.discrimination ?? '']),
          ])
        }
      >
        {t('teaching.downloadChartCSV')}
      </button>
    </section>
  );
}
