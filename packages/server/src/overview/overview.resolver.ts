import { Arg, Query, Resolver } from 'type-graphql';
import { todayOrDefault } from '../mywork/my-work.service.js';
import { InAccount } from '../request/access.js';
import { Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { accountOverview } from './overview.service.js';
import { AccountOverview } from './overview.types.js';

@Resolver()
export class OverviewResolver {
  @InAccount()
  @Query(() => AccountOverview, { description: "The account overview's figures: the open pipeline by phase, deals won and lost per month, tasks done per week." })
  accountOverview(@Work() work: UnitOfWork, @Arg('today', () => String, { nullable: true, description: "Your calendar day (YYYY-MM-DD); the server's UTC day when left out." }) today?: string | null): Promise<AccountOverview> {
    return accountOverview(work, todayOrDefault(today));
  }
}
