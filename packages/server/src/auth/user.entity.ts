import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';

/** A login. It belongs to no account; memberships tie it to accounts. */
@ObjectType({ description: 'A person who can log in.' })
@Entity({ tableName: 'app_user' })
export class User {
  [OptionalProps]?: 'locale' | 'createdAt' | 'emailVerified' | 'firstName' | 'lastName' | 'twoFactorEnabled';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field()
  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;

  @Field({ description: 'The name as shown: first and last name.' })
  @Property({ type: 'text' })
  name!: string;

  @Field()
  @Property({ type: 'text' })
  firstName: string = '';

  @Field()
  @Property({ type: 'text' })
  lastName: string = '';

  @Field(() => String, { nullable: true, description: 'The language the user chose: de, en or es; null while they have chosen none (apps then follow the browser).' })
  @Property({ type: 'text', nullable: true })
  locale: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  lastAccountId?: string;

  /** When the user proved they receive mail at `email`; null until then (and for every login older than verification). */
  @Property({ type: 'datetime', nullable: true })
  emailVerifiedAt?: Date | null;

  @Field({ description: 'Whether the user has proved they receive mail at this address (a verification link, or an invitation accepted through its link). Pending invitations, accepting one by ID, creating further accounts and inviting people need it.' })
  get emailVerified(): boolean {
    return this.emailVerifiedAt != null;
  }

  /** When TOTP two-factor authentication was turned on; null while it is off. */
  @Property({ type: 'datetime', nullable: true })
  totpEnabledAt?: Date | null;

  @Field({ description: 'Whether log-in needs a second factor (an authenticator app\'s code) after the password.' })
  get twoFactorEnabled(): boolean {
    return this.totpEnabledAt != null;
  }

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
