import { Arg, Mutation, Resolver } from 'type-graphql';
import { Account } from '../accounts/account.entity.js';
import { InAccount } from '../request/access.js';
import { Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { setTwoFactorRequired } from './two-factor-policy.js';

@Resolver()
export class TwoFactorPolicyResolver {
  @InAccount('account.security')
  @Mutation(() => Account, {
    description:
      "Requires (or no longer requires) a second factor of every member of the current account; owner only. Members without one get TWO_FACTOR_REQUIRED when they open the account, until they set it up; their other accounts and the account's API keys are not affected. Turning it on needs the owner's own second factor (TWO_FACTOR_REQUIRED, field required).",
  })
  setTwoFactorRequired(@Arg('required') required: boolean, @Work() work: UnitOfWork): Promise<Account> {
    return setTwoFactorRequired(work, required);
  }
}
