import { Entity, OptionalProps, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../auth/user.entity.js';
import { Account } from './account.entity.js';
import { MembershipStatus, Role } from './roles.js';

/** A user's place in one account: their role there and whether it is active. */
@ObjectType({ description: "A user's membership in one account." })
@Entity({ tableName: 'membership' })
export class Membership {
  [OptionalProps]?: 'status' | 'createdAt';

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
}
