import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** One package change of an account; the first row of an account is its creation (no `fromPlanCode`). */
@Entity({ tableName: 'plan_change' })
export class PlanChange {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  accountId!: string;

  @Property({ type: 'text', nullable: true })
  fromPlanCode?: string | null;

  @Property({ type: 'text' })
  toPlanCode!: string;

  @Property({ type: 'datetime' })
  changedAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  changedByUserId?: string | null;
}
