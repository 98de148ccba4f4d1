import { registerEnumType } from 'type-graphql';

export enum Role {
  OWNER = 'OWNER',
  CO_OWNER = 'CO_OWNER',
  EXTENDED = 'EXTENDED',
  NORMAL = 'NORMAL',
}
registerEnumType(Role, {
  name: 'Role',
  description: "A member's role in one account.",
  valuesConfig: {
    OWNER: { description: 'The one owner: may do everything.' },
    CO_OWNER: { description: "Everything but deleting the account or deactivating the owner." },
    EXTENDED: { description: 'No account settings; bulk delete limited.' },
    NORMAL: { description: 'Cannot delete, cannot see confidential notes.' },
  },
});

export enum MembershipStatus {
  ACTIVE = 'ACTIVE',
  DEACTIVATED = 'DEACTIVATED',
}
registerEnumType(MembershipStatus, {
  name: 'MembershipStatus',
  description: "Whether a member may use the account: DEACTIVATED members cannot, and do not count against the package's user limit.",
});
