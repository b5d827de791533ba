import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { getPlatformStats, type PlatformMetric, type PlatformStats } from '../api/admin';
import { BarChart } from '../components/BarChart';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/format';
import { saveCSV } from '../lib/files';
import { useAsync } from '../lib/useAsync';

/** The platform dashboard (/admin/platform): each metric week by week over the last 26 ISO weeks, with its total, as charts, a table and a CSV file. */
export default function PlatformTab() {
  const { t } = useTranslation();
  const state = useAsync((signal) => getPlatformStats(signal), 'platform');
  return (
    <section className="section-tight" aria-labelledby="platform-title">
      <h2 id="platform-title">{t('admin.platformTitle')}</h2>
      <p>{t('admin.platformLead')}</p>
      {state.status === 'error' && <ErrorNotice error={state.error} />}
      {state.status === 'loading' && <Loading />}
      {state.status === 'success' && <PlatformFigures stats={state.data} />}
    </section>
  );
}

function PlatformFigures({ stats }: { stats: PlatformStats }) {
  const { t } = useTranslation();
  const format = useFormat();
  const download = () => {
    const header = ['week', 'week_start', ...stats.metrics.map((m) => m.metric)];
    const rows = stats.weeks.map((w, i) => [w.id, w.start.slice(0, 10), ...stats.metrics.map((m) => m.values[i] ?? 0)]);
    const totals = ['total', '', ...stats.metrics.map((m) => m.total)];
    saveCSV(`academy-platform-${stats.weeks[stats.weeks.length - 1]?.id ?? 'stats'}.csv`, [header, ...rows, totals]);
  };
  return (
    <>
      {stats.backfilled_at === undefined && <p className="notice">{t('admin.platformNotBackfilled')}</p>}
      <ul className="card-grid platform-grid">
        {stats.metrics.map((m) => (
          <li key={m.metric}>
            <MetricCard metric={m} weeks={stats.weeks} />
          </li>
        ))}
      </ul>
      <h3 id="platform-table-title">{t('admin.platformTableTitle')}</h3>
      <p className="actions">
        <button type="button" className="button button-quiet" onClick={download}>
          {t('admin.platformDownload')}
        </button>
      </p>
      {/* Eleven columns scroll sideways on narrow screens: the region takes focus so the keyboard can scroll it. */}
      <div className="table-scroll" role="region" aria-labelledby="platform-table-title" tabIndex={0}>
        <table className="data-table" aria-labelledby="platform-table-title">
          <thead>
            <tr>
              <th scope="col">{t('admin.platformWeek')}</th>
              {stats.metrics.map((m) => (
                <th scope="col" key={m.metric}>
                  {t(`admin.platformMetric.${m.metric}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stats.weeks.map((w, i) => (
              <tr key={w.id}>
                <th scope="row">
                  {w.id} ({format.date(w.start, { dateStyle: 'medium' })})
                </th>
                {stats.metrics.map((m) => (
                  <td key={m.metric}>{format.number(m.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('admin.platformNow')}</th>
              {stats.metrics.map((m) => (
                <td key={m.metric}>{format.number(m.total)}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}

/** A metric's total and its weekly values as a bar chart; the table below the cards gives every metric's figures together. */
function MetricCard({ metric, weeks }: { metric: PlatformMetric; weeks: PlatformStats['weeks'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const titleId = useId();
  const name = t(`admin.platformMetric.${metric.metric}`);
  const first = weeks[0]?.id ?? '';
  const last = weeks[weeks.length - 1]?.id ?? '';
  return (
    <article className="card platform-card" aria-labelledby={titleId}>
      <h3 id={titleId}>{name}</h3>
      <p className="platform-total">
        <span className="visually-hidden">{t('admin.platformNow')}: </span>
        {format.number(metric.total)}
      </p>
      <p className="platform-total-label">{t(`admin.platformTotal.${metric.metric}`)}</p>
      <BarChart
        size="small"
        label={t('admin.platformChartLabel', { metric: name, first, last, latest: format.number(metric.values[metric.values.length - 1] ?? 0) })}
        bars={weeks.map((w, i) => ({ label: w.id, value: metric.values[i] ?? 0 }))}
        barHeader={t('admin.platformWeek')}
        valueHeader={name}
      />
    </article>
  );
}
