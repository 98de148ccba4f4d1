import type { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AccessDeclaration } from '../request/access.js';
import { buildKontorSchema } from '../schema.js';

const schema = await buildKontorSchema();
const accountMutations = Object.values((schema.getMutationType() as GraphQLObjectType).getFields())
  .map((field) => ({ name: field.name, access: field.extensions?.access as AccessDeclaration }))
  .filter(({ access }) => access.level === 'IN_ACCOUNT');

describe('mutations inside an account', () => {
  it('each name the right they need, so a role or API key without it is refused by the rights table alone', () => {
    // Leaving is what any member may do with their own membership.
    expect(accountMutations.filter(({ access }) => !access.right).map(({ name }) => name)).toEqual(['leaveAccount']);
  });

  it('that create or change records need "records.write"', () => {
    const writes = accountMutations.filter(({ access }) => access.right === 'records.write').map(({ name }) => name);
    expect(writes.sort()).toEqual(
      [
        'createCompany', 'updateCompany', 'createPerson', 'updatePerson', 'createDeal', 'updateDeal', 'moveDeal',
        'createTask', 'updateTask', 'createNote', 'updateNote', 'createTag', 'updateTag', 'renameFile',
      ].sort(),
    );
  });

  it('that take records out of the account need "records.export" (copyRecords also needs "records.write" in its target, checked there)', () => {
    const exports = accountMutations.filter(({ access }) => access.right === 'records.export').map(({ name }) => name);
    expect(exports).toEqual(['copyRecords']);
  });
});
