import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { InAccount, SignedIn } from '../request/access.js';
import { SignedInUser, Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { searchAccount, searchAllAccounts, searchLimit } from './search.service.js';
import { SearchHit } from './search.types.js';

@Resolver()
export class SearchResolver {
  @InAccount()
  @Query(() => [SearchHit], { description: 'People, companies and deals of this account whose words start with the words of `query`, best first.' })
  search(@Arg('query') query: string, @Work() work: UnitOfWork, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<SearchHit[]> {
    return searchAccount(work, query, searchLimit(first));
  }

  @SignedIn()
  @Query(() => [SearchHit], {
    description: 'Searches every account in which you are an active member; each hit names its account. Works with a scoped or an unscoped token.',
  })
  searchAllAccounts(
    @Arg('query') query: string,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
  ): Promise<SearchHit[]> {
    return searchAllAccounts(ctx.orm, caller.userId, query, searchLimit(first));
  }
}
