import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { AccountScope } from '../request/account-scope.js';
import { InAccount } from '../request/access.js';
import { GlobalEm, Scope } from '../request/parameters.js';
import { ApiKey } from './api-key.entity.js';
import { CreateApiKeyArgs, CreatedApiKey } from './api-keys.types.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';

/** Keys live in the global table (authentication reads them before an account is known), so a global entity manager. */
@Resolver()
export class ApiKeysResolver {
  @InAccount('apiKeys.manage')
  @Query(() => [ApiKey], { description: "The current account's API keys, newest first, revoked ones included. Secrets are never shown." })
  apiKeys(@GlobalEm() globalEm: EntityManager, @Scope() scope: AccountScope): Promise<ApiKey[]> {
    return listApiKeys(globalEm, scope);
  }

  @InAccount('apiKeys.manage')
  @Mutation(() => CreatedApiKey, { description: 'Creates an API key for the current account and returns its secret, once.' })
  createApiKey(@Args() input: CreateApiKeyArgs, @GlobalEm() globalEm: EntityManager, @Scope() scope: AccountScope): Promise<CreatedApiKey> {
    return createApiKey(globalEm, scope, input);
  }

  @InAccount('apiKeys.manage')
  @Mutation(() => ApiKey, { description: 'Revokes an API key of the current account: it is refused from the next request on.' })
  revokeApiKey(@Arg('id', () => ID) id: string, @GlobalEm() globalEm: EntityManager, @Scope() scope: AccountScope): Promise<ApiKey> {
    return revokeApiKey(globalEm, scope, id);
  }
}
