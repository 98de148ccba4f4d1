import { registerEnumType } from 'type-graphql';
import { Role } from '../accounts/roles.js';
import { can, rights, type Right } from './account-rights.js';

/**
 * The rights table as a GraphQL enum, so integrators read the closed set in
 * the schema and clients get a typed union. GraphQL names cannot hold dots:
 * each value is its right in capitals (`team.manage` -> TEAM_MANAGE,
 * `records.bulkDelete` -> RECORDS_BULK_DELETE) and carries the right itself
 * as its internal value, so resolvers return the table's own strings.
 */
export const AccountRight = Object.fromEntries(
  (Object.keys(rights) as Right[]).map((right) => [enumNameOf(right), right]),
) as Record<string, Right>;

export function enumNameOf(right: Right): string {
  return right.replace(/([a-z])([A-Z])/g, '$1_$2').replace('.', '_').toUpperCase();
}

/** Why each right exists, in the schema's words (account-right.test checks every right has one). */
export const rightDescriptions: Record<Right, string> = {
  'records.write': 'Read and write the CRM records (people, companies, deals, tasks, notes, tags).',
  'records.delete': 'Delete records (EXTENDED members: a few per request).',
  'records.bulkDelete': 'Delete any number of records in one request.',
  'records.import': 'Import people and companies from files (CSV), and undo an import within 7 days.',
  'records.export': 'Export lists (people, companies, deals, tasks) as CSV, XLSX or vCard files. Every member may export single people as vCards.',
  'notes.readConfidential': 'Read confidential notes.',
  'team.manage': 'Invite, change roles, deactivate and reactivate members.',
  'team.manageOwner': 'Deactivate or demote the owner.',
  'account.transferOwnership': 'Hand the ownership to another member.',
  'account.delete': 'Delete the account.',
  'account.security': 'Require two-factor authentication of every member.',
  'account.settings': "Change the account's settings, such as its pipelines and their phases.",
  'billing.manage': 'See and change the package, billing details and invoices.',
  'apiKeys.manage': 'Create, list and revoke API keys.',
  'webhooks.manage': 'Register and remove webhooks.',
  'privacy.requests': 'Answer a person\'s privacy requests: download everything stored about them (GDPR Art. 15) and erase them (Art. 17). Never an API key.',
  'fields.manage': "Define, change and delete the account's custom fields.",
  'audit.read': "Read and export the account's audit trail: who did what, when and from which address.",
  'account.package': 'Export the whole account as one package (a ZIP of every record, relation and file), and bring such a package into an empty account. Never an API key.',
};

registerEnumType(AccountRight, {
  name: 'AccountRight',
  description: 'Something a member may do in an account. Which roles hold which rights is fixed by Kontor (see Role).',
  valuesConfig: Object.fromEntries((Object.keys(rights) as Right[]).map((right) => [enumNameOf(right), { description: rightDescriptions[right] }])),
});

/** Every right `role` holds, in the table's order. */
export function rightsOf(role: Role): Right[] {
  return (Object.keys(rights) as Right[]).filter((right) => can(role, right));
}
