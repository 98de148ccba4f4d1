import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { InAccount, requireAccount, requireUser, SignedIn } from '../request/access.js';
import type { RequestContext } from '../request/context.js';
import { searchAccount, searchAllAccounts, searchLimit } from './search.service.js';
import { SearchHit } from './search.types.js';

@Resolver()
export class SearchResolver {
  @InAccount()
  @Query(() => [SearchHit], { description: 'People, companies and deals of this account whose words start with the words of `query`, best first.' })
  async search(@Arg('query') query: string, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<SearchHit[]> {
    const scope = requireAccount(ctx);
    return searchAccount(await scope.em(), (await scope.details()).account, query, searchLimit(first));
  }

  @SignedIn()
  @Query(() => [SearchHit], {
    description: 'Searches every account in which you are an active member; each hit names its account. Works with a scoped or an unscoped token.',
  })
  async searchAllAccounts(@Arg('query') query: string, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<SearchHit[]> {
    return searchAllAccounts(ctx.orm, requireUser(ctx).userId, query, searchLimit(first));
  }
}
