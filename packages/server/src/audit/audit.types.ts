import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../crm/common/connection.js';
import { AuditAction } from './audit-action.js';

export enum AuditActorKind {
  USER = 'USER',
  API_KEY = 'API_KEY',
}
registerEnumType(AuditActorKind, { name: 'AuditActorKind', description: 'Who acted: a person signed in, or a program with an API key (made by `userId`).' });

@ObjectType({ description: 'Who did something recorded in the audit trail.' })
export class AuditActor {
  @Field(() => AuditActorKind)
  kind!: AuditActorKind;

  @Field(() => ID, { nullable: true, description: 'The person, or the person who made the API key.' })
  userId!: string | null;

  @Field(() => ID, { nullable: true })
  apiKeyId!: string | null;

  @Field({ description: "The person's name, or the API key's name, as they are now." })
  name!: string;
}

@ObjectType({ description: 'One entry of the audit trail. Entries are never changed or deleted, except by the retention clean-up.' })
export class AuditEvent {
  @Field(() => ID)
  id!: string;

  @Field()
  occurredAt!: Date;

  @Field(() => AuditAction)
  action!: AuditAction;

  @Field(() => AuditActor)
  actor!: AuditActor;

  @Field(() => String, { nullable: true, description: 'The address the request came from (behind a trusted proxy: the client it names).' })
  clientAddress!: string | null;

  @Field(() => String, { nullable: true, description: 'What was acted on: MEMBERSHIP, INVITATION, API_KEY, WEBHOOK, IMPORT, PERSON, COMPANY, DEAL, TASK, NOTE.' })
  targetType!: string | null;

  @Field(() => String, { nullable: true })
  targetId!: string | null;

  @Field(() => String, { nullable: true, description: "The target's name at the time (a member's name, an address, a key's name)." })
  targetLabel!: string | null;

  @Field({ description: 'What changed, as a JSON object (from/to, field names, IDs); never a secret.' })
  changes!: string;
}

export const AuditEventConnection = Connection('AuditEvent', AuditEvent);

@InputType({ description: 'Narrows the audit trail; all given conditions must hold.' })
export class AuditEventFilter {
  @Field(() => [AuditAction], { nullable: true, description: 'Any of these actions.' })
  actions?: AuditAction[];

  @Field(() => ID, { nullable: true, description: 'Done by this person (or with an API key they made).' })
  actorUserId?: string;

  @Field({ nullable: true, description: 'At or after this time.' })
  from?: Date;

  @Field({ nullable: true, description: 'Before this time.' })
  to?: Date;
}
