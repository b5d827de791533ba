import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';

/** One bar: what it stands for, and its number. */
export interface Bar {
  label: string;
  value: number;
  /** A short mark under the bar, when the chart shows them. */
  tick?: string;
}

interface BarChartProps {
  /** Names the chart for screen readers and captions its table. */
  label: string;
  bars: Bar[];
  /** Headers of the table's columns: what a bar stands for, and what its number counts. */
  barHeader: string;
  valueHeader: string;
  /** small fills a card edge to edge; large leaves room for the ticks. */
  size?: 'small' | 'large';
}

const sizes = { small: { width: 260, height: 64, pad: 0 }, large: { width: 480, height: 160, pad: 24 } };

/** A bar chart drawn in SVG, with its figures as a table under a disclosure, so that they can be read without the picture. */
export function BarChart({ label, bars, barHeader, valueHeader, size = 'large' }: BarChartProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const { width, height, pad } = sizes[size];
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (width - 2 * pad) / Math.max(1, bars.length);
  const base = height - pad;
  return (
    <figure className={`bar-chart bar-chart-${size}`}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} preserveAspectRatio={size === 'small' ? 'none' : undefined}>
        <line x1={pad} y1={base - 0.5} x2={width - pad} y2={base - 0.5} className="bar-chart-axis" />
        {bars.map((b, i) => {
          const h = (Math.max(0, b.value) / max) * (height - 2 * pad - 4);
          return (
            <g key={b.label}>
              <rect x={pad + i * slot + 1} y={base - h} width={Math.max(1, slot - 2)} height={h} className="bar-chart-bar">
                <title>{`${b.label}: ${format.number(b.value)}`}</title>
              </rect>
              {pad > 0 && b.tick !== undefined && (
                <text x={pad + i * slot + slot / 2} y={height - 8} fontSize="9" textAnchor="middle">
                  {b.tick}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{t('common.showAsTable')}</summary>
        <table className="data-table">
          <caption>{label}</caption>
          <thead>
            <tr>
              <th scope="col">{barHeader}</th>
              <th scope="col">{valueHeader}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>{format.number(b.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
