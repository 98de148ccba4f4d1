import type { MetadataStorage } from '@mikro-orm/core';
import { buildSchema, parse, type GraphQLResolveInfo } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { describe, expect, it } from 'vitest';
import { pageSelection, recordColumns, type PageSelection } from './selection.js';

/**
 * What a field selects is worked out once per compiled document, across requests (selection.ts), unless
 * @skip/@include make it depend on the request's variables. A cache keyed too loosely would hand one document's
 * columns to another, or one request's @include to the next: each case below would catch it.
 */
class Person {}
class Company {}
const metadata = {
  get: (name: string) =>
    name === 'Person'
      ? { properties: { id: { fieldNames: ['id'] }, firstName: { fieldNames: ['first_name'] }, lastName: { fieldNames: ['last_name'] }, companyId: { fieldNames: ['company_id'] } } }
      : { properties: { id: { fieldNames: ['id'] }, name: { fieldNames: ['name'] } } },
} as unknown as MetadataStorage;

const schema = buildSchema(`
  type Query { people(first: Int): PersonConnection! }
  type PersonConnection { edges: [PersonEdge!]! pageInfo: PageInfo! }
  type PersonEdge { cursor: String! node: Person! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Person { id: ID! firstName: String lastName: String company: Company }
  type Company { id: ID! name: String }
`);

type Seen = { page?: PageSelection; company: (string[] | undefined)[] };
let seen: Seen = { company: [] };
const fields = (type: string) => (schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields();
fields('Query').people!.resolve = (_root: unknown, _args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
  seen.page = pageSelection(info, metadata, Person);
  return { edges: [{ cursor: 'c1', node: { id: '1' } }, { cursor: 'c2', node: { id: '2' } }], pageInfo: { hasNextPage: false } };
};
fields('Person').company!.resolve = (_parent: unknown, _args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
  seen.company.push(recordColumns(info, metadata, Company));
  return null;
};

/** A document compiled once, as Kontor compiles each document once; each run answers what `people` and `company` were handed. */
function compiled(document: string) {
  const query = compileQuery(schema, parse(document));
  if (!isCompiledQuery(query)) throw new Error(JSON.stringify(query));
  return async (variables: Record<string, unknown>): Promise<Seen> => {
    seen = { company: [] };
    const result = await query.query(undefined, {}, variables);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return seen;
  };
}

describe('the selection of a compiled document', () => {
  it('is worked out once, and handed to every request of that document whatever its variables', async () => {
    const run = compiled('query($first: Int) { people(first: $first) { edges { node { id firstName } } } }');
    const first = await run({ first: 10 });
    const second = await run({ first: 20 });
    expect(first.page).toEqual({ columns: ['id', 'first_name'], cursors: false, pageInfo: false });
    expect(second.page).toBe(first.page);
    expect(Object.isFrozen(first.page) && Object.isFrozen(first.page!.columns)).toBe(true);
  });

  it('is each document its own, even where the fields sit at the same place', async () => {
    const names = compiled('query($first: Int) { people(first: $first) { edges { node { id lastName } } } }');
    const cursors = compiled('query($first: Int) { people(first: $first) { edges { cursor node { id firstName } } pageInfo { hasNextPage } } }');
    for (let i = 0; i < 2; i++) {
      expect((await names({ first: 10 })).page).toEqual({ columns: ['id', 'last_name'], cursors: false, pageInfo: false });
      expect((await cursors({ first: 10 })).page).toEqual({ columns: ['id', 'first_name'], cursors: true, pageInfo: true });
    }
  });

  it('follows @include and @skip request by request, in the field, in an inline fragment and in a spread fragment', async () => {
    const documents = [
      'query($with: Boolean!, $without: Boolean!) { people { edges { node { id lastName @include(if: $with) } } } }',
      'query($with: Boolean!, $without: Boolean!) { people { edges { node { id ... @include(if: $with) { lastName } } } } }',
      'query($with: Boolean!, $without: Boolean!) { people { edges { node { ...Names } } } } fragment Names on Person { id ... on Person { lastName @skip(if: $without) } }',
      'query($with: Boolean!, $without: Boolean!) { people { edges { cursor @include(if: $with) node { id lastName } } } }',
    ];
    const withName = { columns: ['id', 'last_name'], cursors: false, pageInfo: false };
    const without = { columns: ['id'], cursors: false, pageInfo: false };
    for (const [i, document] of documents.entries()) {
      const run = compiled(document);
      const ask = async (flag: boolean) => (await run({ with: flag, without: !flag })).page;
      if (i === 3) {
        expect(await ask(true)).toEqual({ columns: ['id', 'last_name'], cursors: true, pageInfo: false });
        expect(await ask(false)).toEqual({ columns: ['id', 'last_name'], cursors: false, pageInfo: false });
        continue;
      }
      expect(await ask(true)).toEqual(withName);
      expect(await ask(false)).toEqual(without);
      expect(await ask(true)).toEqual(withName);
    }
  });

  it('is worked out once per request for a field of every item of a list, and per request again under @include', async () => {
    const plain = compiled('{ people { edges { node { id company { id name } } } } }');
    const [first, second] = [await plain({}), await plain({})];
    expect(first.company).toEqual([['id', 'name'], ['id', 'name']]);
    expect(second.company[0]).toBe(first.company[0]);
    const conditional = compiled('query($with: Boolean!) { people { edges { node { id company { id name @include(if: $with) } } } } }');
    expect((await conditional({ with: true })).company).toEqual([['id', 'name'], ['id', 'name']]);
    const without = (await conditional({ with: false })).company;
    expect(without).toEqual([['id'], ['id']]);
    expect(without[1]).toBe(without[0]);
  });
});
