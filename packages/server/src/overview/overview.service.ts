import type { UnitOfWork } from '../request/unit-of-work.js';
import type { AccountOverview, DealsDecidedInMonth, PipelinePhaseFigures, TasksDoneInWeek } from './overview.types.js';

const pipelineSql = `
  select p.name as "pipelineName", ph.name as "phaseName", d.currency as currency, count(d.id)::int as "openDeals",
         coalesce(sum(d.value_cents), 0)::float8 as "valueCents", coalesce(sum(d.value_cents * d.probability / 100.0), 0)::float8 as "weightedValueCents"
  from pipeline p
  join phase ph on ph.pipeline_id = p.id
  left join deal d on d.phase_id = ph.id and d.status = 'OPEN'
  group by p.id, p.name, p.position, ph.id, ph.name, ph.position, d.currency
  order by p.position, p.id, ph.position, ph.id, d.currency`;

// No decision date is stored: a won or lost deal counts in the month of its last change.
const dealsByMonthSql = `
  select to_char(m, 'YYYY-MM') as month,
         count(d.id) filter (where d.status = 'WON')::int as won,
         count(d.id) filter (where d.status = 'LOST')::int as lost
  from generate_series(date_trunc('month', ?::date) - interval '11 months', date_trunc('month', ?::date), interval '1 month') m
  left join deal d on d.status in ('WON', 'LOST') and d.updated_at >= m and d.updated_at < m + interval '1 month'
  group by m order by m`;

const tasksByWeekSql = `
  select to_char(w, 'YYYY-MM-DD') as "weekStart", count(t.id)::int as done
  from generate_series(date_trunc('week', ?::date) - interval '11 weeks', date_trunc('week', ?::date), interval '1 week') w
  left join task t on t.done and t.done_at >= w and t.done_at < w + interval '1 week'
  group by w order by w`;

/** The overview's three figures, each one query in the account's scope. */
export async function accountOverview(work: UnitOfWork, today: string): Promise<AccountOverview> {
  // One after the other: they share the request's one connection anyway.
  const pipeline = await work.scope.query<PipelinePhaseFigures>(pipelineSql);
  const dealsByMonth = await work.scope.query<DealsDecidedInMonth>(dealsByMonthSql, [today, today]);
  const tasksDoneByWeek = await work.scope.query<TasksDoneInWeek>(tasksByWeekSql, [today, today]);
  return { pipeline, dealsByMonth, tasksDoneByWeek };
}
