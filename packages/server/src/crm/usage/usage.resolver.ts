import { Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { InAccount } from '../../request/access.js';
import { Work } from '../../request/parameters.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { measureUsage } from '../../accounts/usage.js';
import { planOf } from '../common/contact-limit.js';

@ObjectType({ description: 'How much of a limit is used.' })
export class UsageCount {
  @Field(() => Int)
  used!: number;

  @Field(() => Int)
  limit!: number;
}

@ObjectType({ description: 'Bytes used of the storage limit.' })
export class UsageBytes {
  @Field(() => Float)
  used!: number;

  @Field(() => Float)
  limit!: number;
}

@ObjectType({ description: "The current account's usage against its package's limits." })
export class Usage {
  @Field({ description: 'The package code.' })
  planCode!: string;

  @Field(() => UsageCount, { description: 'Active members (deactivated ones do not count).' })
  users!: UsageCount;

  @Field(() => UsageCount, { description: 'People, plus companies without people.' })
  contacts!: UsageCount;

  @Field(() => UsageBytes, { description: "Storage: the size of the account's data plus its uploaded files." })
  storage!: UsageBytes;
}

@Resolver()
export class UsageResolver {
  @InAccount()
  @Query(() => Usage, { description: "The current account's users, contacts and storage against its package's limits." })
  async usage(@Work() work: UnitOfWork): Promise<Usage> {
    const [plan, usage] = await Promise.all([planOf(work), measureUsage(work)]);
    return {
      planCode: plan.code,
      users: { used: usage.activeUsers, limit: plan.maxUsers },
      contacts: { used: usage.contacts, limit: plan.maxContacts },
      storage: { used: usage.storageBytes, limit: plan.storageBytes },
    };
  }
}
