import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The open deals of one phase in one currency (a phase without open deals comes once, with currency null).' })
export class PipelinePhaseFigures {
  @Field()
  pipelineName!: string;

  @Field()
  phaseName!: string;

  @Field(() => String, { nullable: true, description: 'ISO 4217; null for a phase without open deals.' })
  currency!: string | null;

  @Field(() => Int)
  openDeals!: number;

  @Field(() => Float, { description: 'Sum of the open deals’ values, in cents.' })
  valueCents!: number;

  @Field(() => Float, { description: 'Each value times its probability, summed, in cents.' })
  weightedValueCents!: number;
}

@ObjectType({ description: 'Deals decided in one month: counted in the month of their last change after being marked won or lost.' })
export class DealsDecidedInMonth {
  @Field({ description: 'YYYY-MM' })
  month!: string;

  @Field(() => Int)
  won!: number;

  @Field(() => Int)
  lost!: number;
}

@ObjectType({ description: 'Tasks marked done in one week (Monday to Sunday).' })
export class TasksDoneInWeek {
  @Field({ description: 'The Monday the week starts on (YYYY-MM-DD).' })
  weekStart!: string;

  @Field(() => Int)
  done!: number;
}

@ObjectType({ description: 'The figures of the account overview: the pipeline now, the last 12 months of decisions, the last 12 weeks of work.' })
export class AccountOverview {
  @Field(() => [PipelinePhaseFigures], { description: 'Pipelines and phases in their order.' })
  pipeline!: PipelinePhaseFigures[];

  @Field(() => [DealsDecidedInMonth], { description: 'The last 12 months, oldest first, this month included.' })
  dealsByMonth!: DealsDecidedInMonth[];

  @Field(() => [TasksDoneInWeek], { description: 'The last 12 weeks, oldest first, this week included.' })
  tasksDoneByWeek!: TasksDoneInWeek[];
}
