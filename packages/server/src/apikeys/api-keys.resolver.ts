import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { InAccount, requireAccount } from '../request/access.js';
import type { RequestContext } from '../request/context.js';
import { ApiKey } from './api-key.entity.js';
import { CreateApiKeyArgs, CreatedApiKey } from './api-keys.types.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';

/** Keys live in the global table (authentication reads them before an account is known), so a global entity manager. */
const globalEm = (ctx: RequestContext) => ctx.orm.em.fork() as EntityManager;

@Resolver()
export class ApiKeysResolver {
  @InAccount('apiKeys.manage')
  @Query(() => [ApiKey], { description: "The current account's API keys, newest first, revoked ones included. Secrets are never shown." })
  apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKey[]> {
    return listApiKeys(globalEm(ctx), requireAccount(ctx));
  }

  @InAccount('apiKeys.manage')
  @Mutation(() => CreatedApiKey, { description: 'Creates an API key for the current account and returns its secret, once.' })
  createApiKey(@Args() input: CreateApiKeyArgs, @Ctx() ctx: RequestContext): Promise<CreatedApiKey> {
    return createApiKey(globalEm(ctx), requireAccount(ctx), input);
  }

  @InAccount('apiKeys.manage')
  @Mutation(() => ApiKey, { description: 'Revokes an API key of the current account: it is refused from the next request on.' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ApiKey> {
    return revokeApiKey(globalEm(ctx), requireAccount(ctx), id);
  }
}
