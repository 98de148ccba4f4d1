import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { SignedIn } from '../request/access.js';
import { SignedInUser } from '../request/parameters.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { changeInNamedAccount } from '../request/named-account.js';
import { accountBadges, myWork, setTaskDone, todayOrDefault } from './my-work.service.js';
import { AccountBadge, MyWorkTask, TaskInAccount } from './my-work.types.js';

const todayDescription = "Your calendar day (YYYY-MM-DD), as the browser knows it; the server's UTC day when left out.";

@Resolver()
export class MyWorkResolver {
  @SignedIn()
  @Query(() => [MyWorkTask], {
    description:
      'Your open tasks that are overdue, due today or in the six days after, across every account in which you are an active member, each naming its account; by due date. ' +
      'Works with a scoped or an unscoped token.',
  })
  myWork(@Ctx() ctx: RequestContext, @SignedInUser() caller: UserCaller, @Arg('today', () => String, { nullable: true, description: todayDescription }) today?: string | null): Promise<MyWorkTask[]> {
    return myWork(ctx.orm, caller.userId, todayOrDefault(today));
  }

  @SignedIn()
  @Query(() => [AccountBadge], { description: 'For each of your accounts: your overdue tasks and the invitations waiting for an answer. Cheap enough to poll.' })
  accountBadges(@Ctx() ctx: RequestContext, @SignedInUser() caller: UserCaller, @Arg('today', () => String, { nullable: true, description: todayDescription }) today?: string | null): Promise<AccountBadge[]> {
    return accountBadges(ctx.orm, caller.userId, todayOrDefault(today));
  }

  @SignedIn()
  @Mutation(() => TaskInAccount, {
    description:
      'Marks a task of one of your accounts done (or open again) without switching to it: checked as updateTask is (an active membership there and the right records.write). ' +
      'Comes alone in its request.',
  })
  setTaskDoneInAccount(
    @Arg('accountId', () => ID) accountId: string,
    @Arg('taskId', () => ID) taskId: string,
    @Arg('done', { defaultValue: true }) done: boolean,
    @Ctx() ctx: RequestContext,
    @SignedInUser() caller: UserCaller,
  ): Promise<TaskInAccount> {
    return changeInNamedAccount(ctx, caller, accountId, 'records.write', (work) => setTaskDone(work, taskId, done));
  }
}
