import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AccountsResolver } from '../accounts/accounts.resolver.js';
import { assertEveryOperationDeclared } from '../auth/access.js';
import { AuthResolver } from '../auth/auth.resolver.js';
import { BillingResolver } from '../billing/billing.resolver.js';
import { CompaniesResolver } from '../crm/companies/companies.resolver.js';
import { DealsResolver } from '../crm/deals/deals.resolver.js';
import { PipelinesResolver } from '../crm/deals/pipelines.resolver.js';
import { PeopleResolver } from '../crm/people/people.resolver.js';
import { TagsResolver } from '../crm/tags/tags.resolver.js';
import { CompanyListsResolver, DealListsResolver, PersonListsResolver } from '../crm/common/subject-lists.resolver.js';
import { NotesResolver } from '../crm/notes/notes.resolver.js';
import { TasksResolver } from '../crm/tasks/tasks.resolver.js';
import { UsageResolver } from '../crm/usage/usage.resolver.js';
import { HealthResolver } from '../health/health.resolver.js';
import { MailResolver } from '../mail/mail.resolver.js';
import { SearchResolver } from '../search/search.resolver.js';
import { InvitationsResolver, ViewerInvitationsResolver } from '../team/invitations.resolver.js';
import { MembersResolver } from '../team/members.resolver.js';

/** Every resolver class of the API. */
export const resolvers = [
  HealthResolver,
  AuthResolver,
  AccountsResolver,
  PeopleResolver,
  CompaniesResolver,
  TagsResolver,
  DealsResolver,
  PipelinesResolver,
  TasksResolver,
  NotesResolver,
  PersonListsResolver,
  CompanyListsResolver,
  DealListsResolver,
  SearchResolver,
  UsageResolver,
  InvitationsResolver,
  ViewerInvitationsResolver,
  MembersResolver,
  MailResolver,
  BillingResolver,
] as const;

export async function buildKontorSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    // Inputs are checked by the services, which name the field in a typed error; no class-validator.
    validate: false,
    emitSchemaFile: false,
  });
  assertEveryOperationDeclared(schema);
  return schema;
}
