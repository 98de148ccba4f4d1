import type { EntityManager } from '@mikro-orm/postgresql';
import { Query, Resolver } from 'type-graphql';
import type { AccountScope } from '../request/account-scope.js';
import { InAccount } from '../request/access.js';
import { GlobalEm, Scope } from '../request/parameters.js';
import { OutboxMail } from './outbox-mail.entity.js';

@Resolver()
export class MailResolver {
  @InAccount('team.manage')
  @Query(() => [OutboxMail], {
    description: 'Mail the server kept for this account because no SMTP server is configured, newest first (at most 100). Empty when mail goes out by SMTP.',
  })
  outbox(@GlobalEm() globalEm: EntityManager, @Scope() scope: AccountScope): Promise<OutboxMail[]> {
    return globalEm.find(OutboxMail, { accountId: scope.accountId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 100 });
  }
}
