import { Entity, OptionalProps, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../auth/user.entity.js';
import { AccountRight, rightsOf } from '../policies/account-right.enum.js';
import type { Right } from '../policies/account-rights.js';
import { Account } from './account.entity.js';
import { MembershipStatus, Role } from './roles.js';

/** A user's place in one account: their role there and whether it is active. */
@ObjectType({ description: "A user's membership in one account." })
@Entity({ tableName: 'membership' })
export class Membership {
  // rights is computed (a getter), never given when a membership is created.
  [OptionalProps]?: 'status' | 'createdAt' | 'rights';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => User)
  @ManyToOne(() => User, { fieldName: 'user_id' })
  user!: User;

  @Field(() => Account)
  @ManyToOne(() => Account, { fieldName: 'account_id' })
  account!: Account;

  @Field(() => Role)
  @Enum({ items: () => Role, type: 'text' })
  role!: Role;

  @Field(() => MembershipStatus)
  @Enum({ items: () => MembershipStatus, type: 'text' })
  status: MembershipStatus = MembershipStatus.ACTIVE;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field({ nullable: true, description: 'When the member last made a request in this account.' })
  @Property({ type: 'datetime', nullable: true })
  lastActiveAt?: Date;

  /** Computed from the role by the one rights table, so a client never works rights out from roles itself. */
  @Field(() => [AccountRight], {
    description: 'What this member may do in this account, from their role; none while the membership is deactivated. The server still checks every operation.',
  })
  get rights(): Right[] {
    return this.status === MembershipStatus.ACTIVE ? rightsOf(this.role) : [];
  }
}
