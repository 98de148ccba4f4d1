import { Entity, Enum, OptionalProps, Property } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AccountRecord } from '../common/account-record.entity.js';

export enum DealStatus {
  OPEN = 'OPEN',
  WON = 'WON',
  LOST = 'LOST',
}
registerEnumType(DealStatus, { name: 'DealStatus', description: 'Where a deal stands: OPEN while it is worked on, WON or LOST once it is decided.' });

@ObjectType({ description: 'An amount of money.' })
export class Money {
  @Field(() => Float, { description: 'In the smallest unit (cents); a whole number.' })
  amountCents!: number;

  @Field({ description: 'ISO 4217 code, e.g. EUR.' })
  currency!: string;
}

@ObjectType({ description: 'A deal: a possible sale, moving through the phases of a pipeline.' })
@Entity({ schema: '*', tableName: 'deal' })
export class Deal extends AccountRecord {
  [OptionalProps]?: 'valueCents' | 'currency' | 'probability' | 'status' | 'createdAt' | 'updatedAt';

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'uuid', nullable: true })
  companyId?: string | null;

  /** The company's name as it is, for search: kept true by a foreign key (AccountMigration0012SearchColumns). Not in the API, nor in webhook payloads. */
  @Property({ type: 'text', nullable: true, hidden: true })
  companyName?: string | null;

  @Property({ type: 'uuid' })
  pipelineId!: string;

  @Property({ type: 'uuid' })
  phaseId!: string;

  @Property({ type: 'bigint', runtimeType: 'number' })
  valueCents: number = 0;

  @Property({ type: 'character', length: 3 })
  currency: string = 'EUR';

  @Field(() => Int, { description: 'Chance of winning, 0–100 in steps of 5.' })
  @Property({ type: 'integer' })
  probability: number = 0;

  @Field(() => String, { nullable: true, description: 'Expected closing date (YYYY-MM-DD).' })
  @Property({ type: 'date', nullable: true })
  targetDate?: string | null;

  @Field(() => DealStatus)
  @Enum({ items: () => DealStatus, type: 'text' })
  status: DealStatus = DealStatus.OPEN;

  @Property({ type: 'uuid', nullable: true })
  responsibleUserId?: string | null;
}
