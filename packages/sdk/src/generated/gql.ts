/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Me {\n  me {\n    user {\n      id\n      email\n      name\n      locale\n    }\n    memberships {\n      id\n      role\n      status\n      account {\n        id\n        name\n        slug\n        createdAt\n        plan {\n          code\n          name\n          priceCents\n          maxUsers\n          maxContacts\n        }\n      }\n    }\n  }\n}\n\nmutation CreateAccount($input: CreateAccountInput!) {\n  createAccount(input: $input) {\n    account {\n      id\n      slug\n    }\n  }\n}": typeof types.MeDocument,
    "query Plans {\n  plans {\n    code\n    name\n    priceCents\n    maxUsers\n    maxContacts\n    storageBytes\n  }\n}\n\nmutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    outcome\n    auth {\n      ...SessionAuth\n    }\n  }\n}\n\nmutation LogIn($email: String!, $password: String!) {\n  logIn(email: $email, password: $password) {\n    ...SessionAuth\n  }\n}": typeof types.PlansDocument,
    "query Health {\n  health {\n    databaseUp\n    databaseLatencyMs\n    version\n  }\n}": typeof types.HealthDocument,
    "mutation SetLocale($locale: String!) {\n  setLocale(locale: $locale) {\n    id\n    locale\n  }\n}": typeof types.SetLocaleDocument,
    "fragment SessionAuth on AuthPayload {\n  accessToken\n  expiresAt\n  user {\n    id\n    email\n    name\n    locale\n  }\n  account {\n    id\n    name\n    slug\n  }\n}\n\nmutation RefreshSession($accountId: String, $accountSlug: String) {\n  refreshSession(accountId: $accountId, accountSlug: $accountSlug) {\n    ...SessionAuth\n  }\n}\n\nmutation SwitchAccount($accountId: ID!) {\n  switchAccount(accountId: $accountId) {\n    ...SessionAuth\n  }\n}\n\nmutation LogOut {\n  logOut\n}": typeof types.SessionAuthFragmentDoc,
};
const documents: Documents = {
    "query Me {\n  me {\n    user {\n      id\n      email\n      name\n      locale\n    }\n    memberships {\n      id\n      role\n      status\n      account {\n        id\n        name\n        slug\n        createdAt\n        plan {\n          code\n          name\n          priceCents\n          maxUsers\n          maxContacts\n        }\n      }\n    }\n  }\n}\n\nmutation CreateAccount($input: CreateAccountInput!) {\n  createAccount(input: $input) {\n    account {\n      id\n      slug\n    }\n  }\n}": types.MeDocument,
    "query Plans {\n  plans {\n    code\n    name\n    priceCents\n    maxUsers\n    maxContacts\n    storageBytes\n  }\n}\n\nmutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    outcome\n    auth {\n      ...SessionAuth\n    }\n  }\n}\n\nmutation LogIn($email: String!, $password: String!) {\n  logIn(email: $email, password: $password) {\n    ...SessionAuth\n  }\n}": types.PlansDocument,
    "query Health {\n  health {\n    databaseUp\n    databaseLatencyMs\n    version\n  }\n}": types.HealthDocument,
    "mutation SetLocale($locale: String!) {\n  setLocale(locale: $locale) {\n    id\n    locale\n  }\n}": types.SetLocaleDocument,
    "fragment SessionAuth on AuthPayload {\n  accessToken\n  expiresAt\n  user {\n    id\n    email\n    name\n    locale\n  }\n  account {\n    id\n    name\n    slug\n  }\n}\n\nmutation RefreshSession($accountId: String, $accountSlug: String) {\n  refreshSession(accountId: $accountId, accountSlug: $accountSlug) {\n    ...SessionAuth\n  }\n}\n\nmutation SwitchAccount($accountId: ID!) {\n  switchAccount(accountId: $accountId) {\n    ...SessionAuth\n  }\n}\n\nmutation LogOut {\n  logOut\n}": types.SessionAuthFragmentDoc,
};

/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = gql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function gql(source: string): unknown;

/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query Me {\n  me {\n    user {\n      id\n      email\n      name\n      locale\n    }\n    memberships {\n      id\n      role\n      status\n      account {\n        id\n        name\n        slug\n        createdAt\n        plan {\n          code\n          name\n          priceCents\n          maxUsers\n          maxContacts\n        }\n      }\n    }\n  }\n}\n\nmutation CreateAccount($input: CreateAccountInput!) {\n  createAccount(input: $input) {\n    account {\n      id\n      slug\n    }\n  }\n}"): (typeof documents)["query Me {\n  me {\n    user {\n      id\n      email\n      name\n      locale\n    }\n    memberships {\n      id\n      role\n      status\n      account {\n        id\n        name\n        slug\n        createdAt\n        plan {\n          code\n          name\n          priceCents\n          maxUsers\n          maxContacts\n        }\n      }\n    }\n  }\n}\n\nmutation CreateAccount($input: CreateAccountInput!) {\n  createAccount(input: $input) {\n    account {\n      id\n      slug\n    }\n  }\n}"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query Plans {\n  plans {\n    code\n    name\n    priceCents\n    maxUsers\n    maxContacts\n    storageBytes\n  }\n}\n\nmutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    outcome\n    auth {\n      ...SessionAuth\n    }\n  }\n}\n\nmutation LogIn($email: String!, $password: String!) {\n  logIn(email: $email, password: $password) {\n    ...SessionAuth\n  }\n}"): (typeof documents)["query Plans {\n  plans {\n    code\n    name\n    priceCents\n    maxUsers\n    maxContacts\n    storageBytes\n  }\n}\n\nmutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    outcome\n    auth {\n      ...SessionAuth\n    }\n  }\n}\n\nmutation LogIn($email: String!, $password: String!) {\n  logIn(email: $email, password: $password) {\n    ...SessionAuth\n  }\n}"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query Health {\n  health {\n    databaseUp\n    databaseLatencyMs\n    version\n  }\n}"): (typeof documents)["query Health {\n  health {\n    databaseUp\n    databaseLatencyMs\n    version\n  }\n}"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SetLocale($locale: String!) {\n  setLocale(locale: $locale) {\n    id\n    locale\n  }\n}"): (typeof documents)["mutation SetLocale($locale: String!) {\n  setLocale(locale: $locale) {\n    id\n    locale\n  }\n}"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "fragment SessionAuth on AuthPayload {\n  accessToken\n  expiresAt\n  user {\n    id\n    email\n    name\n    locale\n  }\n  account {\n    id\n    name\n    slug\n  }\n}\n\nmutation RefreshSession($accountId: String, $accountSlug: String) {\n  refreshSession(accountId: $accountId, accountSlug: $accountSlug) {\n    ...SessionAuth\n  }\n}\n\nmutation SwitchAccount($accountId: ID!) {\n  switchAccount(accountId: $accountId) {\n    ...SessionAuth\n  }\n}\n\nmutation LogOut {\n  logOut\n}"): (typeof documents)["fragment SessionAuth on AuthPayload {\n  accessToken\n  expiresAt\n  user {\n    id\n    email\n    name\n    locale\n  }\n  account {\n    id\n    name\n    slug\n  }\n}\n\nmutation RefreshSession($accountId: String, $accountSlug: String) {\n  refreshSession(accountId: $accountId, accountSlug: $accountSlug) {\n    ...SessionAuth\n  }\n}\n\nmutation SwitchAccount($accountId: ID!) {\n  switchAccount(accountId: $accountId) {\n    ...SessionAuth\n  }\n}\n\nmutation LogOut {\n  logOut\n}"];

export function gql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;