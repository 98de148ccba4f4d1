import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';

/** A package of the catalogue: what an account may hold and what it costs per month. */
@ObjectType({ description: 'A package: its monthly price and the limits it sets on an account.' })
@Entity({ tableName: 'plan' })
export class Plan {
  @Field({ description: 'Stable code, e.g. TEAM.' })
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Int, { description: 'Monthly price in euro cents, before VAT.' })
  @Property({ type: 'integer' })
  priceCents!: number;

  @Field(() => Int, { description: 'How many active users the account may have.' })
  @Property({ type: 'integer' })
  maxUsers!: number;

  @Field(() => Int, { description: 'How many contacts (people, and companies without people) the account may hold.' })
  @Property({ type: 'integer' })
  maxContacts!: number;

  @Field(() => Float, { description: 'File storage in bytes.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  storageBytes!: number;

  @Property({ type: 'integer' })
  sortOrder!: number;
}
