import 'reflect-metadata';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AccountsResolver } from './accounts/accounts.resolver.js';
import { ApiKeysResolver } from './apikeys/api-keys.resolver.js';
import { assertEveryOperationDeclared } from './request/access.js';
import { AuthResolver } from './auth/auth.resolver.js';
import { EmailVerificationResolver } from './auth/email-verification.resolver.js';
import { BillingResolver } from './billing/billing.resolver.js';
import { CompaniesResolver } from './crm/companies/companies.resolver.js';
import { DealsResolver } from './crm/deals/deals.resolver.js';
import { PipelinesResolver } from './crm/deals/pipelines.resolver.js';
import { PeopleResolver } from './crm/people/people.resolver.js';
import { TagsResolver } from './crm/tags/tags.resolver.js';
import { CompanyListsResolver, DealListsResolver, PersonListsResolver } from './crm/common/subject-lists.resolver.js';
import { NotesResolver } from './crm/notes/notes.resolver.js';
import { TasksResolver } from './crm/tasks/tasks.resolver.js';
import { UsageResolver } from './crm/usage/usage.resolver.js';
import { FilesResolver } from './files/files.resolver.js';
import { ExportsResolver, PersonVcardResolver } from './exports/exports.resolver.js';
import { PrivacyResolver } from './privacy/privacy.resolver.js';
import { AccountPackageResolver } from './accountpackage/account-package.resolver.js';
import { HealthResolver } from './health/health.resolver.js';
import { MailResolver } from './mail/mail.resolver.js';
import { SearchResolver } from './search/search.resolver.js';
import { CopyResolver } from './copy/copy.resolver.js';
import { MyWorkResolver } from './mywork/my-work.resolver.js';
import { CalendarFeedResolver } from './calendar/calendar-feed.resolver.js';
import { AuditResolver } from './audit/audit.resolver.js';
import { OverviewResolver } from './overview/overview.resolver.js';
import { WebhooksResolver } from './webhooks/webhooks.resolver.js';
import { InvitationsResolver, ViewerInvitationsResolver } from './team/invitations.resolver.js';
import { MembersResolver } from './team/members.resolver.js';
import { ImportsResolver } from './imports/imports.resolver.js';
import { CompanyCustomValuesResolver, CustomFieldsResolver, DealCustomValuesResolver, PersonCustomValuesResolver } from './customfields/custom-fields.resolver.js';
import { customFieldValueTypes } from './customfields/custom-field-value.types.js';
import { ProfileResolver } from './profile/profile.resolver.js';
import { PasswordResolver } from './auth/password.resolver.js';
import { TwoFactorResolver } from './twofactor/two-factor.resolver.js';
import { TwoFactorPolicyResolver } from './twofactor/two-factor-policy.resolver.js';
import { SecurityResolver } from './security/security.resolver.js';
import { LoginMergeResolver } from './security/login-merge.resolver.js';
import { PasskeyResolver } from './passkeys/passkey.resolver.js';

/** Every resolver class of the API. */
export const resolvers = [
  HealthResolver,
  AuthResolver,
  EmailVerificationResolver,
  ProfileResolver,
  PasswordResolver,
  TwoFactorResolver,
  TwoFactorPolicyResolver,
  SecurityResolver,
  LoginMergeResolver,
  PasskeyResolver,
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
  MyWorkResolver,
  CopyResolver,
  CalendarFeedResolver,
  AuditResolver,
  OverviewResolver,
  UsageResolver,
  FilesResolver,
  ExportsResolver,
  PersonVcardResolver,
  PrivacyResolver,
  AccountPackageResolver,
  InvitationsResolver,
  ViewerInvitationsResolver,
  MembersResolver,
  MailResolver,
  BillingResolver,
  ApiKeysResolver,
  WebhooksResolver,
  ImportsResolver,
  CustomFieldsResolver,
  PersonCustomValuesResolver,
  CompanyCustomValuesResolver,
  DealCustomValuesResolver,
] as const;

export async function buildKontorSchema(): Promise<GraphQLSchema> {
  useSimpleResolvers();
  const schema = await buildSchema({
    resolvers,
    orphanedTypes: customFieldValueTypes,
    // Inputs are checked by the services, which name the field in a typed error; no class-validator.
    validate: false,
    emitSchemaFile: false,
  });
  assertEveryOperationDeclared(schema);
  describeRootTypes(schema);
  return schema;
}

/**
 * type-graphql builds Query and Mutation itself and takes no description for
 * them, so they get theirs on the built schema (printed into schema.graphql
 * and answered by introspection).
 */
function describeRootTypes(schema: GraphQLSchema): void {
  schema.getQueryType()!.description =
    "Everything Kontor answers. Operations on an account's records (people, deals, team, billing, …) work in the account the access token is scoped to and take no account ID.";
  schema.getMutationType()!.description =
    "Everything Kontor changes. Several mutations in one request run in order and stop at the first that fails: the answer's data is then null and none of the request's changes to an account's records is kept; mutations that commit on their own (log-in, team, billing, API keys) must come alone.";
}

/**
 * A field without a resolver of its own reads the property, as GraphQL does by
 * default. type-graphql would otherwise wrap every such field in a resolver
 * that runs the field's middlewares, a few hundred calls for a page of 50
 * people; no plain field declares a middleware here, and one that did would
 * refuse to build. A property declared as a Promise (a list's lazy
 * `totalCount`) keeps its resolver: the compiled executor reads plain
 * properties as values and awaits only what resolvers return.
 */
function useSimpleResolvers(): void {
  const storage = getMetadataStorage();
  const withMiddleware = storage.middlewares.filter((m) => storage.fields.some((f) => f.target === m.target && f.name === m.fieldName));
  if (withMiddleware.length > 0) {
    throw new Error(`Plain fields with middlewares need type-graphql's field resolvers: ${withMiddleware.map((m) => m.fieldName).join(', ')}`);
  }
  for (const field of storage.fields) {
    if (Reflect.getMetadata('design:type', field.target.prototype, field.name) === Promise) field.simple ??= false;
  }
  for (const type of storage.objectTypes) type.simpleResolvers ??= true;
}
