import { registerEnumType } from 'type-graphql';

/** What an entry of the audit trail records. A closed set: the filter and the screens know every one. */
export enum AuditAction {
  ACCOUNT_OPENED = 'ACCOUNT_OPENED',
  MEMBER_ROLE_CHANGED = 'MEMBER_ROLE_CHANGED',
  MEMBER_INVITED = 'MEMBER_INVITED',
  INVITATION_WITHDRAWN = 'INVITATION_WITHDRAWN',
  MEMBER_DEACTIVATED = 'MEMBER_DEACTIVATED',
  MEMBER_REACTIVATED = 'MEMBER_REACTIVATED',
  OWNERSHIP_TRANSFERRED = 'OWNERSHIP_TRANSFERRED',
  PLAN_CHANGED = 'PLAN_CHANGED',
  BILLING_DETAILS_CHANGED = 'BILLING_DETAILS_CHANGED',
  API_KEY_CREATED = 'API_KEY_CREATED',
  API_KEY_REVOKED = 'API_KEY_REVOKED',
  WEBHOOK_CREATED = 'WEBHOOK_CREATED',
  WEBHOOK_CHANGED = 'WEBHOOK_CHANGED',
  WEBHOOK_DELETED = 'WEBHOOK_DELETED',
  IMPORT_STARTED = 'IMPORT_STARTED',
  RECORDS_DELETED = 'RECORDS_DELETED',
}
registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'What an entry of the audit trail records.',
  valuesConfig: {
    ACCOUNT_OPENED: { description: 'A member entered the account (switchAccount).' },
    MEMBER_ROLE_CHANGED: { description: "A member's role changed; `changes` holds from and to." },
    MEMBER_INVITED: { description: 'Someone was invited; the target is the invitation (its address in the label).' },
    INVITATION_WITHDRAWN: { description: 'An invitation was withdrawn.' },
    MEMBER_DEACTIVATED: { description: "A member's access ended; `changes` names the successor." },
    MEMBER_REACTIVATED: { description: 'A deactivated member got their access back.' },
    OWNERSHIP_TRANSFERRED: { description: 'Another member became the owner.' },
    PLAN_CHANGED: { description: "The account's package changed; `changes` holds from and to." },
    BILLING_DETAILS_CHANGED: { description: "The account's billing details (settings) changed; `changes` names the fields." },
    API_KEY_CREATED: { description: 'An API key was created (never its secret).' },
    API_KEY_REVOKED: { description: 'An API key was revoked.' },
    WEBHOOK_CREATED: { description: 'A webhook was registered.' },
    WEBHOOK_CHANGED: { description: "A webhook's address, events or state changed, or its secret was renewed." },
    WEBHOOK_DELETED: { description: 'A webhook was deleted.' },
    IMPORT_STARTED: { description: 'An import was started; `changes` holds its kind and rows.' },
    RECORDS_DELETED: { description: 'People, companies, deals, tasks or notes were deleted; `changes` holds their kind and IDs.' },
  },
});
