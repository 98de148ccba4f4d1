import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { InAccount } from '../request/access.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { SignedInUser, Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { copyRecords } from './copy.service.js';
import { CopyRecordsInput, CopyResult } from './copy.types.js';

@Resolver()
export class CopyResolver {
  @InAccount('records.export')
  @Mutation(() => CopyResult, {
    description:
      'Copies people and companies of this account (with their e-mails, phones, addresses, tags, custom values of fields the target has, notes and tasks; ' +
      'their deals with withDeals) into another account of yours, in which you need an active membership and the right records.write. ' +
      "Here it needs records.export. The target's contact limit applies to the whole copy (PLAN_LIMIT_REACHED with `fits`: nothing copied). " +
      'Recorded in both timelines and audit trails; nothing else of this account changes. Files stay behind (filesLeft). Comes alone in its request.',
  })
  copyRecords(@Arg('input') input: CopyRecordsInput, @Work() work: UnitOfWork, @SignedInUser() caller: UserCaller, @Ctx() ctx: RequestContext): Promise<CopyResult> {
    return copyRecords(ctx, work, caller, input);
  }
}
