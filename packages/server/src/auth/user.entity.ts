import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';

/** A login. It belongs to no account; memberships tie it to accounts. */
@ObjectType({ description: 'A person who can log in.' })
@Entity({ tableName: 'app_user' })
export class User {
  [OptionalProps]?: 'locale' | 'createdAt' | 'emailVerified' | 'firstName' | 'lastName' | 'twoFactorEnabled' | 'hasSecondFactor';

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

  @Field({ description: 'Whether TOTP (an authenticator app\'s code) is on. See hasSecondFactor for whether the login has any second factor.' })
  get twoFactorEnabled(): boolean {
    return this.totpEnabledAt != null;
  }

  /**
   * TOTP on, or at least one passkey: what a password log-in's second step and
   * an account's "two-factor required" policy ask for. Computed by PostgreSQL
   * (Migration20261130201000PasskeySecondFactor), never written from here.
   */
  @Field({ description: 'Whether the login has a second factor: TOTP on, or at least one passkey. A password log-in then asks for it, and accounts that require two-factor open.' })
  @Property({ type: 'boolean', generated: '(totp_enabled_at is not null or passkey_count > 0) stored' })
  hasSecondFactor: boolean = false;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
