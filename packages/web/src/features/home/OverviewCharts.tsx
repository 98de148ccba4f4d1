import { useQuery } from '@apollo/client/react';
import { AccountOverviewDocument, type AccountOverviewQuery } from '@kontor/sdk';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { QueryStates } from '../../ui/QueryStates';
import { localDay } from '../mywork/local-day';
import { BarChart, type BarSeries } from './BarChart';

type Overview = AccountOverviewQuery['accountOverview'];

/** The currency most of the open pipeline is in: the chart draws that one (the table names the rest too). */
function mainCurrency(pipeline: Overview['pipeline']): string {
  const totals = new Map<string, number>();
  for (const row of pipeline) if (row.currency) totals.set(row.currency, (totals.get(row.currency) ?? 0) + row.valueCents);
  return [...totals.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'EUR';
}

/** The account overview's pictures: the open pipeline by phase, decisions per month, tasks done per week (loaded with Chart.js on first use). */
export default function OverviewCharts() {
  const { t } = useTranslation();
  const { data, loading, error, refetch } = useQuery(AccountOverviewDocument, { variables: { today: localDay() } });
  return (
    <QueryStates data={data?.accountOverview} loading={loading} error={error} onRetry={refetch}>
      {(overview) => (
        <div className="charts" data-testid="overview-charts">
          <h2>{t('overview.title')}</h2>
          <Charts overview={overview} />
        </div>
      )}
    </QueryStates>
  );
}

function Charts({ overview }: { overview: Overview }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const figures = useMemo(() => {
    const currency = mainCurrency(overview.pipeline);
    const pipelines = new Set(overview.pipeline.map((row) => row.pipelineName));
    const phases = new Map<string, { value: number; weighted: number; deals: number }>();
    for (const row of overview.pipeline) {
      const key = pipelines.size > 1 ? `${row.pipelineName} · ${row.phaseName}` : row.phaseName;
      const phase = phases.get(key) ?? { value: 0, weighted: 0, deals: 0 };
      if (row.currency === null || row.currency === currency) {
        phase.value += row.valueCents;
        phase.weighted += row.weightedValueCents;
      }
      phase.deals += row.openDeals;
      phases.set(key, phase);
    }
    const money = (cents: number) => format.money(Math.round(cents), currency);
    const count = (value: number) => format.number(value);
    const pipelineSeries: BarSeries[] = [
      { label: t('overview.value', { currency }), values: [...phases.values()].map((p) => p.value / 100), format: (v) => money(v * 100) },
      { label: t('overview.weighted', { currency }), values: [...phases.values()].map((p) => p.weighted / 100), format: (v) => money(v * 100) },
    ];
    const monthLabel = (month: string) => new Intl.DateTimeFormat(i18n.language, { month: 'short', year: '2-digit' }).format(new Date(`${month}-01T00:00:00`));
    return {
      phaseLabels: [...phases.keys()],
      pipelineSeries,
      dealCounts: [...phases.values()].map((p) => count(p.deals)),
      monthLabels: overview.dealsByMonth.map((m) => monthLabel(m.month)),
      decisionSeries: [
        { label: t('overview.won'), values: overview.dealsByMonth.map((m) => m.won), format: count },
        { label: t('overview.lost'), values: overview.dealsByMonth.map((m) => m.lost), format: count },
      ],
      weekLabels: overview.tasksDoneByWeek.map((w) => format.date(w.weekStart)),
      taskSeries: [{ label: t('overview.tasksDone'), values: overview.tasksDoneByWeek.map((w) => w.done), format: count }],
    };
  }, [overview, format, t, i18n.language]);
  return (
    <>
      <BarChart title={t('overview.pipeline')} labels={figures.phaseLabels} series={figures.pipelineSeries} extraColumns={[{ label: t('overview.openDeals'), values: figures.dealCounts }]} />
      <BarChart title={t('overview.decisions')} labels={figures.monthLabels} series={figures.decisionSeries} />
      <BarChart title={t('overview.tasks')} labels={figures.weekLabels} series={figures.taskSeries} />
    </>
  );
}
