import { ArgsType, Field, ObjectType } from 'type-graphql';
import { Role } from '../accounts/roles.js';
import { ApiKey } from './api-key.entity.js';

/** The arguments of createApiKey(name:, role:, expiresAt:), as the API for integrators names them. */
@ArgsType()
export class CreateApiKeyArgs {
  @Field({ description: 'What the key is for (1–100 characters).' })
  name!: string;

  @Field(() => Role, { description: 'The role the key acts with: CO_OWNER, EXTENDED or NORMAL (an owner is a person, never a key).' })
  role!: Role;

  @Field(() => Date, { nullable: true, description: 'When the key stops working (in the future). Omit for a key that does not expire.' })
  expiresAt?: Date | null;
}

@ObjectType({ description: 'A key just created, with its secret: store it now, it is never shown again.' })
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field({ description: 'The whole key, sent as "Authorization: Bearer <secret>". Shown only this once.' })
  secret!: string;
}
