import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { MembershipStatus, Role } from '../accounts/roles.js';
import { lowerRole } from '../policies/account-rights.js';

export enum ApiKeyStatus {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
  CREATOR_INACTIVE = 'CREATOR_INACTIVE',
}
registerEnumType(ApiKeyStatus, {
  name: 'ApiKeyStatus',
  description: 'Whether an API key works now.',
  valuesConfig: {
    ACTIVE: { description: 'It works, with `effectiveRole`.' },
    REVOKED: { description: "Revoked by a person, or with its creator's deactivation or leaving; it never works again." },
    EXPIRED: { description: 'Past `expiresAt`.' },
    CREATOR_INACTIVE: { description: "Refused while the member who created it has no active membership in the account." },
  },
});

/** The creator's membership in the key's account as it is now, or null when there is none. */
export type CreatorAccess = { role: Role; status: MembershipStatus } | null;

/** A key an integration uses instead of a login. Global: authentication must find it before any account is known. */
@ObjectType({ description: "An API key of the current account. Its secret is shown only once, when it is created." })
@Entity({ tableName: 'api_key' })
export class ApiKey {
  [OptionalProps]?: 'createdAt' | 'status' | 'effectiveRole' | 'creatorAccess' | 'creatorName';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  accountId!: string;

  @Field({ description: 'What the key is for, e.g. "Newsletter sync".' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Role, { description: "The role the key was given; it acts with at most its creator's current role (see effectiveRole)." })
  @Enum({ items: () => Role, type: 'text' })
  role!: Role;

  /** The part of the key that finds its row; not secret. */
  @Property({ type: 'text' })
  publicId!: string;

  @Field({ description: 'The beginning of the key (kontor_live_<id>), to recognise it; not secret.' })
  @Property({ type: 'text' })
  prefix!: string;

  @Property({ type: 'blob', hidden: true, lazy: true })
  secretHash!: Buffer;

  @Field(() => ID, { description: 'The user who created the key; records the key creates name this user as their author.' })
  @Property({ type: 'uuid', fieldName: 'created_by' })
  createdBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'After this moment the key is refused. Null: it does not expire.' })
  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the key was revoked; a revoked key is refused.' })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the key was last used (to the minute).' })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date | null;

  /** Not stored: set by the service that loads the key (api-keys.service.ts), from the membership table. */
  creatorAccess?: CreatorAccess;

  /** Not stored: set with `creatorAccess`. */
  @Field(() => String, { nullable: true, description: 'The name of the user who created the key, while they belong to the account (null afterwards).' })
  creatorName?: string | null;

  @Field(() => ApiKeyStatus, { description: 'Whether the key works now; a key works only while its creator is an active member.' })
  get status(): ApiKeyStatus {
    if (this.revokedAt) return ApiKeyStatus.REVOKED;
    if (this.expiresAt && this.expiresAt.getTime() <= Date.now()) return ApiKeyStatus.EXPIRED;
    if (this.creatorAccess?.status !== MembershipStatus.ACTIVE) return ApiKeyStatus.CREATOR_INACTIVE;
    return ApiKeyStatus.ACTIVE;
  }

  @Field(() => Role, {
    nullable: true,
    description: "The role the key acts with now: the lower of `role` and its creator's current role. Null when the key does not work.",
  })
  get effectiveRole(): Role | null {
    return this.status === ApiKeyStatus.ACTIVE ? lowerRole(this.role, this.creatorAccess!.role) : null;
  }
}
