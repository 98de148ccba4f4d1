import { Arg, Args, ID, Mutation, Query, Resolver } from 'type-graphql';
import { InAccount } from '../request/access.js';
import { Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { ApiKey } from './api-key.entity.js';
import { CreateApiKeyArgs, CreatedApiKey } from './api-keys.types.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';

@Resolver()
export class ApiKeysResolver {
  @InAccount('apiKeys.manage')
  @Query(() => [ApiKey], { description: "The current account's API keys, newest first, revoked ones included. Secrets are never shown." })
  apiKeys(@Work() work: UnitOfWork): Promise<ApiKey[]> {
    return listApiKeys(work);
  }

  @InAccount('apiKeys.manage')
  @Mutation(() => CreatedApiKey, { description: 'Creates an API key for the current account and returns its secret, once.' })
  createApiKey(@Args() input: CreateApiKeyArgs, @Work() work: UnitOfWork): Promise<CreatedApiKey> {
    return createApiKey(work, input);
  }

  @InAccount('apiKeys.manage')
  @Mutation(() => ApiKey, { description: 'Revokes an API key of the current account: it is refused from the next request on.' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<ApiKey> {
    return revokeApiKey(work, id);
  }
}
