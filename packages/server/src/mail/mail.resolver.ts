import { Ctx, Query, Resolver } from 'type-graphql';
import { InAccount, requireAccount } from '../request/access.js';
import type { RequestContext } from '../request/context.js';
import { OutboxMail } from './outbox-mail.entity.js';

@Resolver()
export class MailResolver {
  @InAccount('team.manage')
  @Query(() => [OutboxMail], {
    description: 'Mail the server kept for this account because no SMTP server is configured, newest first (at most 100). Empty when mail goes out by SMTP.',
  })
  outbox(@Ctx() ctx: RequestContext): Promise<OutboxMail[]> {
    return ctx.orm.em.fork().find(OutboxMail, { accountId: requireAccount(ctx).accountId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 100 });
  }
}
