import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { InAccount } from '../request/access.js';
import type { AccountScope } from '../request/account-scope.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { Scope, SignedInUser, Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { findAccountPackage, listAccountPackages, startAccountPackage } from './account-package.service.js';
import { AccountPackageJob, AccountPackageStatus } from './account-package.types.js';
import { packageLinkOf } from './package-download.js';

/** The whole account as one package (owners and co-owners, never an API key: `account.package`). Bringing one in: POST /account-packages. */
@Resolver(() => AccountPackageJob)
export class AccountPackageResolver {
  @InAccount('account.package')
  @Mutation(() => AccountPackageJob, { description: 'Starts making a package of the whole account in the background (or answers the one being made); follow it with accountPackageJob. Its creator gets a mail when it is ready.' })
  startAccountPackage(@Work() work: UnitOfWork, @Ctx() ctx: RequestContext): Promise<AccountPackageJob> {
    return startAccountPackage(work, ctx.jobs);
  }

  @InAccount('account.package')
  @Query(() => AccountPackageJob, { nullable: true, description: 'A package of this account, or null.' })
  accountPackageJob(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<AccountPackageJob | null> {
    return findAccountPackage(work, id);
  }

  @InAccount('account.package')
  @Query(() => [AccountPackageJob], { description: 'The newest packages of this account (first ≤ 20).' })
  accountPackageJobs(@Work() work: UnitOfWork, @Arg('first', () => Int, { defaultValue: 5 }) first: number): Promise<AccountPackageJob[]> {
    return listAccountPackages(work, first);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Once ready, until it expires or has been downloaded: a link to the ZIP that works once, for 5 minutes. Ask again for another (until a download went through).' })
  async downloadUrl(@Root() job: AccountPackageJob, @Ctx() ctx: RequestContext, @Scope() scope: AccountScope, @SignedInUser() caller: UserCaller): Promise<string | null> {
    if (job.status !== AccountPackageStatus.READY || !job.storageKey || !job.expiresAt || job.expiresAt <= new Date()) return null;
    const grant = { userId: caller.userId, sessionId: caller.sessionId, accountId: scope.accountId };
    return (await packageLinkOf(ctx.keys, grant, job.id)).url;
  }
}
