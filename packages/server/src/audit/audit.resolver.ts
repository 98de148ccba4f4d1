import { Arg, Int, Query, Resolver } from 'type-graphql';
import { InAccount } from '../request/access.js';
import { Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { listAuditEvents } from './audit.service.js';
import { AuditEventConnection, AuditEventFilter } from './audit.types.js';

@Resolver()
export class AuditResolver {
  @InAccount('audit.read')
  @Query(() => AuditEventConnection, {
    description:
      "The account's audit trail, newest first (first ≤ 100): who did what, when, from which address. Owners and co-owners only; " +
      'entries are kept for 400 days and cannot be changed or deleted. GET /audit/events.csv gives the same as CSV.',
  })
  auditEvents(
    @Work() work: UnitOfWork,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter,
  ) {
    return listAuditEvents(work, { first, after, filter });
  }
}
