/**
 * For the isolation test: how to call each account-scoped operation with the
 * IDs of another account's records. Each entry returns one or more requests;
 * each must come back without any of the other account's data, and leave it
 * unchanged. An operation missing here fails the test.
 */
export interface AccountBRecords {
  tag: string;
  company: string;
  person: string;
  deal: string;
  pipeline: string;
  phase: string;
  otherPhase: string;
  task: string;
  note: string;
  /** B's owner's membership, a second member's, and an open invitation of B. */
  ownerMembership: string;
  membership: string;
  invitation: string;
  apiKey: string;
  webhook: string;
  /** A file of B's, attached to its person. */
  file: string;
  /** A FAILED delivery of B's webhook. */
  webhookDelivery: string;
  /** An import of B's, uploaded and not started. */
  importRun: string;
  /** A custom field of B's people, with a value on its person. */
  customField: string;
  /** A package of B's whole account (queued). */
  accountPackage: string;
}

type Request = { query: string; variables?: Record<string, unknown> };
export type IsolationCase = (b: AccountBRecords) => Request[];

const list = (field: string, filters: Record<string, unknown>[]): Request[] =>
  filters.map((filter) => ({ query: `query($f: ${filterType(field)}) { ${field}(filter: $f) { totalCount edges { node { id } } } }`, variables: { f: filter } }));

const filterType = (field: string) => ({ people: 'PersonFilter', companies: 'CompanyFilter', deals: 'DealFilter', tasks: 'TaskFilter', notes: 'NoteFilter' })[field] ?? '';

export const isolationCases: Record<string, IsolationCase> = {
  // Reads by ID answer null; lists filtered by B's IDs answer nothing.
  'Query.person': (b) => [{ query: 'query($id: ID!) { person(id: $id) { id lastName } }', variables: { id: b.person } }],
  'Query.company': (b) => [{ query: 'query($id: ID!) { company(id: $id) { id name } }', variables: { id: b.company } }],
  'Query.deal': (b) => [{ query: 'query($id: ID!) { deal(id: $id) { id title } }', variables: { id: b.deal } }],
  'Query.pipeline': (b) => [{ query: 'query($id: ID!) { pipeline(id: $id) { id name } }', variables: { id: b.pipeline } }],
  'Query.people': (b) => list('people', [{ text: 'Bsecret' }, { tagId: b.tag }, { companyId: b.company }, { customFields: [{ fieldId: b.customField, isSet: true }] }]),
  'Query.companies': (b) => list('companies', [{ text: 'Bsecret' }, { tagId: b.tag }]),
  'Query.deals': (b) => list('deals', [{ text: 'Bsecret' }, { tagId: b.tag }, { companyId: b.company }, { personId: b.person }, { pipelineId: b.pipeline }, { phaseId: b.phase }]),
  'Query.task': (b) => [{ query: 'query($id: ID!) { task(id: $id) { id title } }', variables: { id: b.task } }],
  'Query.note': (b) => [{ query: 'query($id: ID!) { note(id: $id) { id body } }', variables: { id: b.note } }],
  'Query.tasks': (b) => list('tasks', [{ text: 'Bsecret' }, { personId: b.person }, { companyId: b.company }, { dealId: b.deal }]),
  'Query.notes': (b) => list('notes', [{ text: 'Bsecret' }, { personId: b.person }, { companyId: b.company }, { dealId: b.deal }]),
  'Query.pipelines': () => [{ query: '{ pipelines { id name phases { id name } } }' }],
  'Query.tags': () => [{ query: '{ tags { id name } }' }],
  // A's trail holds what happened in A only (B's deletions, keys and webhooks never show).
  'Query.auditEvents': () => [{ query: '{ auditEvents(first: 100) { totalCount edges { node { action targetId targetLabel changes actor { name userId } } } } }' }],
  'Query.accountOverview': () => [{ query: '{ accountOverview { pipeline { pipelineName phaseName openDeals valueCents } dealsByMonth { month won } tasksDoneByWeek { done } } }' }],
  'Query.search': () => [{ query: '{ search(query: "Bsecret") { id title } }' }],
  'Query.usage': () => [{ query: '{ usage { contacts { used } users { used } } }' }],
  // Billing takes no IDs: the account is the token's. B's billing rows are global; billing.test.ts checks them.
  'Query.subscription': () => [{ query: '{ subscription { plan { code } usage { contacts activeUsers } billingDetails { companyName } planChanges { id } } }' }],
  'Query.previewPlanChange': () => [{ query: '{ previewPlanChange(planCode: "BUSINESS") { allowed nextInvoiceWithChange { netCents } } }' }],
  'Query.invoices': () => [{ query: '{ invoices { id number billedTo { accountName } pdfUrl } }' }],

  // Writes naming B's records: not found, or refused as input; B unchanged.
  'Mutation.createPerson': (b) => [
    { query: 'mutation($c: ID!) { createPerson(input: { lastName: "Linked", companyId: $c }) { id company { id } } }', variables: { c: b.company } },
    { query: 'mutation($t: ID!) { createPerson(input: { lastName: "Tagged", tagIds: [$t] }) { id tags { id } } }', variables: { t: b.tag } },
  ],
  'Mutation.updatePerson': (b) => [{ query: 'mutation($id: ID!) { updatePerson(id: $id, input: { lastName: "Hijacked" }) { id } }', variables: { id: b.person } }],
  'Mutation.deletePerson': (b) => [{ query: 'mutation($id: ID!) { deletePerson(id: $id) }', variables: { id: b.person } }],
  'Mutation.deletePeople': (b) => [{ query: 'mutation($ids: [ID!]!) { deletePeople(ids: $ids) }', variables: { ids: [b.person] } }],
  'Mutation.createCompany': (b) => [{ query: 'mutation($t: ID!) { createCompany(input: { name: "Tagged", tagIds: [$t] }) { id } }', variables: { t: b.tag } }],
  'Mutation.updateCompany': (b) => [{ query: 'mutation($id: ID!) { updateCompany(id: $id, input: { name: "Hijacked" }) { id } }', variables: { id: b.company } }],
  'Mutation.deleteCompany': (b) => [{ query: 'mutation($id: ID!) { deleteCompany(id: $id) }', variables: { id: b.company } }],
  'Mutation.deleteCompanies': (b) => [{ query: 'mutation($ids: [ID!]!) { deleteCompanies(ids: $ids) }', variables: { ids: [b.company] } }],
  'Mutation.createTag': () => [{ query: 'mutation { createTag(input: { name: "Own A tag" }) { id } }' }],
  'Mutation.updateTag': (b) => [{ query: 'mutation($id: ID!) { updateTag(id: $id, input: { name: "Hijacked" }) { id } }', variables: { id: b.tag } }],
  'Mutation.deleteTag': (b) => [{ query: 'mutation($id: ID!) { deleteTag(id: $id) }', variables: { id: b.tag } }],
  'Mutation.createDeal': (b) => [
    { query: 'mutation($c: ID!) { createDeal(input: { title: "x", companyId: $c }) { id } }', variables: { c: b.company } },
    { query: 'mutation($p: ID!) { createDeal(input: { title: "x", personIds: [$p] }) { id } }', variables: { p: b.person } },
    { query: 'mutation($p: ID!) { createDeal(input: { title: "x", pipelineId: $p }) { id } }', variables: { p: b.pipeline } },
    { query: 'mutation($p: ID!) { createDeal(input: { title: "x", phaseId: $p }) { id } }', variables: { p: b.phase } },
  ],
  'Mutation.updateDeal': (b) => [{ query: 'mutation($id: ID!) { updateDeal(id: $id, input: { title: "Hijacked" }) { id } }', variables: { id: b.deal } }],
  'Mutation.moveDeal': (b) => [{ query: 'mutation($id: ID!, $p: ID!) { moveDeal(id: $id, phaseId: $p) { id } }', variables: { id: b.deal, p: b.otherPhase } }],
  'Mutation.deleteDeal': (b) => [{ query: 'mutation($id: ID!) { deleteDeal(id: $id) }', variables: { id: b.deal } }],
  'Mutation.deleteDeals': (b) => [{ query: 'mutation($ids: [ID!]!) { deleteDeals(ids: $ids) }', variables: { ids: [b.deal] } }],
  'Mutation.createTask': (b) => [
    { query: 'mutation($p: ID!) { createTask(input: { title: "x", personId: $p }) { id } }', variables: { p: b.person } },
    { query: 'mutation($c: ID!) { createTask(input: { title: "x", companyId: $c }) { id } }', variables: { c: b.company } },
    { query: 'mutation($d: ID!) { createTask(input: { title: "x", dealId: $d }) { id } }', variables: { d: b.deal } },
  ],
  'Mutation.updateTask': (b) => [{ query: 'mutation($id: ID!) { updateTask(id: $id, input: { title: "Hijacked", done: true }) { id } }', variables: { id: b.task } }],
  'Mutation.deleteTask': (b) => [{ query: 'mutation($id: ID!) { deleteTask(id: $id) }', variables: { id: b.task } }],
  'Mutation.deleteTasks': (b) => [{ query: 'mutation($ids: [ID!]!) { deleteTasks(ids: $ids) }', variables: { ids: [b.task] } }],
  'Mutation.createNote': (b) => [
    { query: 'mutation($p: ID!) { createNote(input: { body: "x", personId: $p }) { id } }', variables: { p: b.person } },
    { query: 'mutation($c: ID!) { createNote(input: { body: "x", companyId: $c }) { id } }', variables: { c: b.company } },
    { query: 'mutation($d: ID!) { createNote(input: { body: "x", dealId: $d }) { id } }', variables: { d: b.deal } },
  ],
  'Mutation.updateNote': (b) => [{ query: 'mutation($id: ID!) { updateNote(id: $id, input: { body: "Hijacked" }) { id } }', variables: { id: b.note } }],
  'Mutation.deleteNote': (b) => [{ query: 'mutation($id: ID!) { deleteNote(id: $id) }', variables: { id: b.note } }],
  'Mutation.deleteNotes': (b) => [{ query: 'mutation($ids: [ID!]!) { deleteNotes(ids: $ids) }', variables: { ids: [b.note] } }],
  'Mutation.createPipeline': () => [{ query: 'mutation { createPipeline(input: { name: "A pipeline", phases: ["One"] }) { id } }' }],
  'Mutation.renamePipeline': (b) => [{ query: 'mutation($id: ID!) { renamePipeline(id: $id, name: "Hijacked") { id } }', variables: { id: b.pipeline } }],
  'Mutation.deletePipeline': (b) => [{ query: 'mutation($id: ID!) { deletePipeline(id: $id) }', variables: { id: b.pipeline } }],
  'Mutation.createPhase': (b) => [{ query: 'mutation($p: ID!) { createPhase(input: { pipelineId: $p, name: "Intruder" }) { id } }', variables: { p: b.pipeline } }],
  'Mutation.updatePhase': (b) => [{ query: 'mutation($id: ID!) { updatePhase(id: $id, input: { name: "Hijacked" }) { id } }', variables: { id: b.phase } }],
  'Mutation.changePlan': () => [{ query: 'mutation { changePlan(planCode: "BUSINESS") { plan { code } } }' }],
  'Mutation.updateBillingDetails': () => [
    {
      query: `mutation { updateBillingDetails(input: { companyName: "A GmbH", addressLine1: "Street 1", postalCode: "10115", city: "Berlin",
        country: "DE", invoiceEmail: "finance@a.example" }) { billingDetails { companyName } } }`,
    },
  ],
  'Mutation.deletePhase': (b) => [{ query: 'mutation($id: ID!) { deletePhase(id: $id) }', variables: { id: b.otherPhase } }],

  // The team: B's memberships and invitations are unknown in A; A's own team operations touch only A.
  'Query.members': () => [{ query: '{ members { id userId name email } }' }],
  'Query.invitations': () => [{ query: '{ invitations { id email } }' }],
  'Query.outbox': () => [{ query: '{ outbox { to subject text } }' }],
  'Mutation.inviteUser': () => [{ query: 'mutation { inviteUser(input: { email: "someone-for-a@example.com", firstName: "A", lastName: "Invitee", role: NORMAL }) { id } }' }],
  'Mutation.withdrawInvitation': (b) => [{ query: 'mutation($id: ID!) { withdrawInvitation(id: $id) { id } }', variables: { id: b.invitation } }],
  'Mutation.resendInvitation': (b) => [{ query: 'mutation($id: ID!) { resendInvitation(id: $id) { id } }', variables: { id: b.invitation } }],
  'Mutation.setMemberRole': (b) => [
    { query: 'mutation($id: ID!) { setMemberRole(membershipId: $id, role: CO_OWNER) { id } }', variables: { id: b.membership } },
    { query: 'mutation($id: ID!) { setMemberRole(membershipId: $id, role: NORMAL) { id } }', variables: { id: b.ownerMembership } },
  ],
  'Mutation.deactivateMember': (b) => [
    { query: 'mutation($id: ID!, $s: ID!) { deactivateMember(membershipId: $id, successorMembershipId: $s) { member { id } } }', variables: { id: b.membership, s: b.ownerMembership } },
  ],
  'Mutation.reactivateMember': (b) => [{ query: 'mutation($id: ID!) { reactivateMember(membershipId: $id) { id } }', variables: { id: b.membership } }],
  'Mutation.transferOwnership': (b) => [{ query: 'mutation($id: ID!) { transferOwnership(membershipId: $id) { id } }', variables: { id: b.membership } }],
  // A's owner may not leave; B's name does not delete anything.
  'Mutation.leaveAccount': () => [{ query: 'mutation { leaveAccount { people } }' }],
  'Mutation.deleteAccount': () => [{ query: 'mutation { deleteAccount(confirmName: "Account Bsecret") }' }],

  // API keys (global table, filtered by the token's account) and webhooks (account schema).
  'Query.apiKeys': () => [{ query: '{ apiKeys { id name prefix } }' }],
  'Mutation.createApiKey': () => [{ query: 'mutation { createApiKey(name: "Own A key", role: NORMAL) { apiKey { id name } } }' }],
  'Mutation.revokeApiKey': (b) => [{ query: 'mutation($id: ID!) { revokeApiKey(id: $id) { id name } }', variables: { id: b.apiKey } }],
  'Query.webhooks': () => [{ query: '{ webhooks { id url description } }' }],
  'Query.webhookDeliveries': (b) => [{ query: 'query($id: ID!) { webhookDeliveries(webhookId: $id) { id event } }', variables: { id: b.webhook } }],
  'Mutation.createWebhook': () => [{ query: 'mutation { createWebhook(input: { url: "https://1.1.1.1/a-hook", events: [PERSON_CREATED] }) { webhook { id } } }' }],
  'Mutation.updateWebhook': (b) => [{ query: 'mutation($id: ID!) { updateWebhook(id: $id, input: { active: false }) { id url } }', variables: { id: b.webhook } }],
  'Mutation.deleteWebhook': (b) => [{ query: 'mutation($id: ID!) { deleteWebhook(id: $id) }', variables: { id: b.webhook } }],

  // Files: listed by B's records, read, renamed or deleted by B's file ID (the upload and download routes: isolation.test.ts).
  'Query.files': (b) =>
    [{ personId: b.person }, { companyId: b.company }, { dealId: b.deal }, { noteId: b.note }].map((record) => ({
      query: 'query($r: FileRecordInput!) { files(record: $r) { id name downloadUrl } }',
      variables: { r: record },
    })),
  'Query.file': (b) => [{ query: 'query($id: ID!) { file(id: $id) { id name downloadUrl previewUrl } }', variables: { id: b.file } }],
  'Mutation.renameFile': (b) => [{ query: 'mutation($id: ID!) { renameFile(id: $id, name: "Hijacked") { id name } }', variables: { id: b.file } }],
  'Mutation.deleteFile': (b) => [{ query: 'mutation($id: ID!) { deleteFile(id: $id) }', variables: { id: b.file } }],
  'Mutation.rotateWebhookSecret': (b) => [{ query: 'mutation($id: ID!) { rotateWebhookSecret(id: $id) { signingSecret } }', variables: { id: b.webhook } }],
  'Mutation.sendTestWebhookEvent': (b) => [{ query: 'mutation($id: ID!) { sendTestWebhookEvent(id: $id) { id } }', variables: { id: b.webhook } }],
  'Mutation.redeliverWebhookDelivery': (b) => [{ query: 'mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id status } }', variables: { id: b.webhookDelivery } }],

  // Imports: read, previewed, started or undone by B's import ID (the upload route takes no ID).
  'Query.importRun': (b) => [{ query: 'query($id: ID!) { importRun(id: $id) { id status headers rowsTotal } }', variables: { id: b.importRun } }],
  'Query.importRuns': () => [{ query: '{ importRuns { id status headers } }' }],
  'Query.importPreview': (b) => [
    { query: 'query($id: ID!) { importPreview(id: $id, mapping: [FIRST_NAME, LAST_NAME]) { __typename } }', variables: { id: b.importRun } },
  ],
  'Mutation.startImport': (b) => [
    { query: 'mutation($id: ID!) { startImport(id: $id, input: { mapping: [FIRST_NAME, LAST_NAME], duplicates: CREATE }) { id status } }', variables: { id: b.importRun } },
  ],
  // Custom fields: B's definitions are unknown in A; A's own definitions change only A's tables.
  'Query.customFields': () => [{ query: '{ customFields { id name choices { id label } } }' }],
  'Mutation.createCustomField': () => [{ query: 'mutation { createCustomField(input: { recordType: PERSON, name: "Own A field", type: TEXT }) { id } }' }],
  'Mutation.updateCustomField': (b) => [
    { query: 'mutation($id: ID!) { updateCustomField(id: $id, input: { name: "Hijacked", type: NUMBER }) { id name } }', variables: { id: b.customField } },
  ],
  'Mutation.deleteCustomField': (b) => [{ query: 'mutation($id: ID!) { deleteCustomField(id: $id) }', variables: { id: b.customField } }],
  'Mutation.undoImport': (b) => [{ query: 'mutation($id: ID!) { undoImport(id: $id) { deleted restored } }', variables: { id: b.importRun } }],

  // The two-factor policy acts on the token's own account only (and A's owner has no second factor: refused).
  'Mutation.setTwoFactorRequired': () => [{ query: 'mutation { setTwoFactorRequired(required: true) { id twoFactorRequired } }' }],

  // Privacy requests for B's person: no link, no erasure.
  'Query.personDataLink': (b) => [{ query: 'query($id: ID!) { personDataLink(personId: $id) { url fileName } }', variables: { id: b.person } }],
  'Mutation.erasePerson': (b) => [{ query: 'mutation($id: ID!) { erasePerson(id: $id) { personId notes } }', variables: { id: b.person } }],

  // Account packages: B's is unknown in A (no job, no link); A's own lists and starts only A's. The upload route takes no ID.
  'Query.accountPackageJob': (b) => [{ query: 'query($id: ID!) { accountPackageJob(id: $id) { id status downloadUrl } }', variables: { id: b.accountPackage } }],
  'Query.accountPackageJobs': () => [{ query: '{ accountPackageJobs { id status downloadUrl } }' }],
  'Mutation.startAccountPackage': () => [{ query: 'mutation { startAccountPackage { id status } }' }],

  // Copying B's records from A: not found in A, whatever the target (here an account A's caller is no member of).
  'Mutation.copyRecords': (b) => [
    {
      query: 'mutation($input: CopyRecordsInput!) { copyRecords(input: $input) { peopleCopied companiesCopied dealsCopied } }',
      variables: { input: { targetAccountId: '00000000-0000-4000-8000-000000000000', personIds: [b.person], companyIds: [b.company], withDeals: true } },
    },
  ],

  // Exports: links filtered by B's records (what the downloaded files hold is proven in exports/exports.test.ts).
  'Query.exportColumns': () => [{ query: '{ exportColumns(list: PEOPLE) { key label } }' }],
  'Query.exportLink': (b) => [
    { query: 'query($c: ID!) { exportLink(input: { list: PEOPLE, format: CSV, peopleFilter: { companyId: $c } }) { url fileName } }', variables: { c: b.company } },
    { query: 'query($d: ID!) { exportLink(input: { list: PEOPLE, format: VCARD, peopleFilter: { dealId: $d } }) { url fileName } }', variables: { d: b.deal } },
    { query: 'query($p: ID!) { exportLink(input: { list: TASKS, format: XLSX, tasksFilter: { personId: $p } }) { url fileName } }', variables: { p: b.person } },
  ],
};
