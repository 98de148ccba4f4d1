import { PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * What every record of an account's CRM has: an ID, its author (a user ID:
 * no foreign key leaves the account's schema) and when it was created and
 * last changed. Entities extend it; the ORM and GraphQL both inherit the fields.
 */
@ObjectType({ description: 'The fields every record of an account has.' })
export abstract class AccountRecord {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** A record with a postal address (people and companies); GraphQL shows it as one `address` object. */
@ObjectType({ description: 'The fields every record with an address has.' })
export abstract class AddressedRecord extends AccountRecord {
  @Property({ type: 'text', nullable: true })
  street?: string | null;

  @Property({ type: 'text', nullable: true })
  postalCode?: string | null;

  @Property({ type: 'text', nullable: true })
  city?: string | null;

  @Property({ type: 'text', nullable: true })
  country?: string | null;
}
