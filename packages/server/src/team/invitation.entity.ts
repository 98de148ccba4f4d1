import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Account } from '../accounts/account.entity.js';
import { Role } from '../accounts/roles.js';
import { User } from '../auth/user.entity.js';

export enum InvitationStatus {
  PENDING = 'PENDING',
  EXPIRED = 'EXPIRED',
  ACCEPTED = 'ACCEPTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(InvitationStatus, {
  name: 'InvitationStatus',
  description: 'Where an invitation stands: its link works while it is PENDING and no longer once it was used, withdrawn or has expired.',
  valuesConfig: {
    PENDING: { description: 'The link works until expiresAt.' },
    EXPIRED: { description: 'The link no longer works; resendInvitation sends a new one.' },
    ACCEPTED: { description: 'Used: the invitee is a member now.' },
    WITHDRAWN: { description: 'Withdrawn by the account; the link no longer works.' },
  },
});

/**
 * An invitation to join an account by e-mail. Only the SHA-256 of its link's
 * token is stored, so the table cannot be turned into working links.
 */
@ObjectType({ description: 'An invitation to join this account, sent by e-mail.' })
@Entity({ tableName: 'invitation' })
export class Invitation {
  [OptionalProps]?: 'createdAt' | 'sentAt' | 'status' | 'invitedByName';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { fieldName: 'account_id' })
  account!: Account;

  @Field({ description: 'The address the link was sent to; only a login with this address can accept it.' })
  @Property({ type: 'text' })
  email!: string;

  @Field()
  @Property({ type: 'text' })
  firstName!: string;

  @Field()
  @Property({ type: 'text' })
  lastName!: string;

  @Field(() => Role, { description: 'The role the invitee gets on accepting.' })
  @Enum({ items: () => Role, type: 'text' })
  role!: Role;

  @Property({ type: 'blob', columnType: 'bytea', hidden: true, lazy: true })
  tokenHash!: Buffer;

  @Field({ description: 'When the current link stops working.' })
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @ManyToOne(() => User, { fieldName: 'invited_by_user_id', nullable: true })
  invitedBy?: User;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field({ description: 'When the current link was sent (re-sending sends a new one).' })
  @Property({ type: 'datetime' })
  sentAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  acceptedAt?: Date;

  @Property({ type: 'uuid', nullable: true, fieldName: 'accepted_by_user_id' })
  acceptedByUserId?: string;

  @Property({ type: 'datetime', nullable: true })
  withdrawnAt?: Date;

  @Field(() => InvitationStatus)
  get status(): InvitationStatus {
    if (this.acceptedAt) return InvitationStatus.ACCEPTED;
    if (this.withdrawnAt) return InvitationStatus.WITHDRAWN;
    return this.expiresAt.getTime() <= Date.now() ? InvitationStatus.EXPIRED : InvitationStatus.PENDING;
  }

  @Field(() => String, { nullable: true, description: 'Who sent the invitation.' })
  get invitedByName(): string | null {
    return this.invitedBy?.name ?? null;
  }
}
