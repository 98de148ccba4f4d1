import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

// Only what a bar chart needs: Chart.js is tree-shaken, and this file is loaded with the overview only.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const colors = ['#2f5bd3', '#8fb0ff', '#c62828', '#2e7d32'];

export interface BarSeries {
  label: string;
  values: number[];
  /** How a value is written in the table and the tooltip (money, counts). */
  format(value: number): string;
}

/**
 * A bar chart drawn on a canvas, and the same figures as a table: screen
 * readers read the table (the canvas is hidden from them), and anyone can
 * show it instead of the chart.
 */
export function BarChart({ title, labels, series, extraColumns = [] }: { title: string; labels: string[]; series: BarSeries[]; extraColumns?: { label: string; values: string[] }[] }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();

  useEffect(() => {
    if (!canvas.current || asTable) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: colors[i % colors.length] })) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${series[item.datasetIndex]!.format(item.parsed.y ?? 0)}` } } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.destroy();
  }, [labels, series, asTable]);

  return (
    <figure className="chart" aria-labelledby={headingId} data-testid="overview-chart">
      <div className="chart__head">
        <h3 id={headingId}>{title}</h3>
        <button type="button" className="button button--quiet" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? t('overview.showChart') : t('overview.showTable')}
        </button>
      </div>
      {!asTable && (
        <div className="chart__canvas" aria-hidden="true">
          <canvas ref={canvas} />
        </div>
      )}
      {/* Hidden, the table sits in a 1px box that clips it: a table never gets narrower than its content, and would widen a phone's page. */}
      <div className={asTable ? undefined : 'visually-hidden'}>
        <table className={asTable ? 'table' : undefined}>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('overview.period')}</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
              {extraColumns.map((c) => (
                <th scope="col" key={c.label}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, row) => (
              <tr key={`${label}-${row}`}>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td key={s.label}>{s.format(s.values[row] ?? 0)}</td>
                ))}
                {extraColumns.map((c) => (
                  <td key={c.label}>{c.values[row]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
