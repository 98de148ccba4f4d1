import { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AccessDeclaration } from './access.js';
import { buildKontorSchema } from '../schema.js';

const schema = await buildKontorSchema();
const rootFields = [schema.getQueryType(), schema.getMutationType()]
  .filter((type): type is GraphQLObjectType => type !== null && type !== undefined)
  .flatMap((type) => Object.values(type.getFields()).map((field) => ({ name: `${type.name}.${field.name}`, field })));

describe('every operation declares who may call it', () => {
  it.each(rootFields.map(({ name, field }) => [name, field.extensions?.access as AccessDeclaration | undefined]))('%s', (_name, access) => {
    expect(access?.level).toMatch(/^(PUBLIC|SIGNED_IN|IN_ACCOUNT)$/);
  });

  it('and the public ones are exactly these', () => {
    const publicOps = rootFields.filter(({ field }) => (field.extensions?.access as AccessDeclaration).level === 'PUBLIC').map(({ name }) => name);
    expect(publicOps.sort()).toEqual([
      'Mutation.completeLogInWithPasskey',
      'Mutation.confirmEmailChange',
      'Mutation.logIn',
      'Mutation.logInWithPasskey',
      'Mutation.logOut',
      'Mutation.refreshSession',
      'Mutation.requestPasswordReset',
      'Mutation.resetPassword',
      'Mutation.signUp',
      'Mutation.startPasskeyLogIn',
      'Mutation.verifyEmail',
      'Query.health',
      'Query.plans',
    ]);
  });
});

describe('a schema with an undeclared operation', () => {
  it('refuses to build, naming the operation', async () => {
    const { buildSchema, Query, Resolver } = await import('type-graphql');
    const { assertEveryOperationDeclared } = await import('./access.js');
    @Resolver()
    class ForgetfulResolver {
      @Query(() => String)
      forgotten(): string {
        return 'no access rule';
      }
    }
    const forgetful = await buildSchema({ resolvers: [ForgetfulResolver], validate: false });
    expect(() => assertEveryOperationDeclared(forgetful)).toThrow('These operations declare no access rule (@Public, @SignedIn or @InAccount): Query.forgotten');
  });
});
