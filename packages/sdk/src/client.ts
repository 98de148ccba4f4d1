import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import * as ops from './generated/graphql.js';

/**
 * A small client for the Kontor API: typed functions for the common
 * operations, cursor pagination as async iterators, and errors as
 * `KontorApiError` carrying the API's error code.
 *
 * ```ts
 * const kontor = createClient({ url: 'http://localhost:4000', apiKey: process.env.KONTOR_API_KEY });
 * for await (const person of kontor.people.all({ filter: { text: 'anna' } })) console.log(person.lastName);
 * ```
 */
export interface ClientOptions {
  /** The server (`http://localhost:4000`) or its GraphQL endpoint (`…/graphql`). */
  url: string;
  /** An account API key (`kontor_live_…`): every call then works in that key's account. */
  apiKey?: string;
  /** Instead of a key: a signed-in user's access token, or a function returning the current one. */
  accessToken?: string | (() => string | undefined);
  /** A `fetch` to use instead of the global one (tests, proxies, retries). */
  fetch?: typeof fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

/** One error of a GraphQL response, as the server sent it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * Anything the API refused or could not answer. `code` is the API's stable
 * error code (`UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, `BAD_USER_INPUT`,
 * `PLAN_LIMIT_REACHED`, `RATE_LIMITED`, …), or `HTTP_ERROR` / `NETWORK_ERROR`
 * when no GraphQL answer arrived.
 */
export class KontorApiError extends Error {
  override readonly name = 'KontorApiError';

  constructor(
    readonly code: string,
    message: string,
    /** Every error of the response (the first one gave `code` and `message`). */
    readonly errors: GraphQLErrorEntry[] = [],
    /** The HTTP status, when one arrived. */
    readonly status?: number,
  ) {
    super(message);
  }

  /** The error's extensions, e.g. `field` for BAD_USER_INPUT or `retryAfterSeconds` for RATE_LIMITED. */
  get extensions(): Record<string, unknown> {
    return this.errors[0]?.extensions ?? {};
  }
}

/** One page of a list, as the API returns it. */
export interface Connection<TNode> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: TNode }[];
}

/** Sends one typed operation and returns its data; throws `KontorApiError` on any error. */
export type RequestFn = <TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables) => Promise<TData>;

export function createClient(options: ClientOptions) {
  const request = createRequest(options);
  return {
    request,
    people: records(request, {
      list: ops.SdkPeopleDocument,
      listOf: (data) => data.people,
      get: ops.SdkPersonDocument,
      getOf: (data) => data.person,
      create: ops.SdkCreatePersonDocument,
      createdOf: (data) => data.createPerson,
      update: ops.SdkUpdatePersonDocument,
      updatedOf: (data) => data.updatePerson,
      remove: ops.SdkDeletePersonDocument,
      removedOf: (data) => data.deletePerson,
    }),
    companies: records(request, {
      list: ops.SdkCompaniesDocument,
      listOf: (data) => data.companies,
      get: ops.SdkCompanyDocument,
      getOf: (data) => data.company,
      create: ops.SdkCreateCompanyDocument,
      createdOf: (data) => data.createCompany,
      update: ops.SdkUpdateCompanyDocument,
      updatedOf: (data) => data.updateCompany,
      remove: ops.SdkDeleteCompanyDocument,
      removedOf: (data) => data.deleteCompany,
    }),
    deals: records(request, {
      list: ops.SdkDealsDocument,
      listOf: (data) => data.deals,
      get: ops.SdkDealDocument,
      getOf: (data) => data.deal,
      create: ops.SdkCreateDealDocument,
      createdOf: (data) => data.createDeal,
      update: ops.SdkUpdateDealDocument,
      updatedOf: (data) => data.updateDeal,
      remove: ops.SdkDeleteDealDocument,
      removedOf: (data) => data.deleteDeal,
    }),
    tasks: records(request, {
      list: ops.SdkTasksDocument,
      listOf: (data) => data.tasks,
      get: ops.SdkTaskDocument,
      getOf: (data) => data.task,
      create: ops.SdkCreateTaskDocument,
      createdOf: (data) => data.createTask,
      update: ops.SdkUpdateTaskDocument,
      updatedOf: (data) => data.updateTask,
      remove: ops.SdkDeleteTaskDocument,
      removedOf: (data) => data.deleteTask,
    }),
    notes: records(request, {
      list: ops.SdkNotesDocument,
      listOf: (data) => data.notes,
      get: ops.SdkNoteDocument,
      getOf: (data) => data.note,
      create: ops.SdkCreateNoteDocument,
      createdOf: (data) => data.createNote,
      update: ops.SdkUpdateNoteDocument,
      updatedOf: (data) => data.updateNote,
      remove: ops.SdkDeleteNoteDocument,
      removedOf: (data) => data.deleteNote,
    }),
    /** The account's custom fields (of one record type, or all), in their order; records carry their values in `customFields`. */
    customFields: async (recordType?: ops.CustomFieldRecordType) => (await request(ops.SdkCustomFieldsDocument, { recordType })).customFields,
    /** People, companies and deals of the account whose words start with those of `query`, best first. */
    search: async (query: string, first = 20) => (await request(ops.SdkSearchDocument, { query, first })).search,
    exports: {
      /** The columns an export of `list` can have, with their headers in `language` (de, en, es). */
      columns: async (list: ops.ExportList, language?: string) => (await request(ops.SdkExportColumnsDocument, { list, language })).exportColumns,
      /**
       * A list as a file (CSV, XLSX, or VCARD for people), with the list's filter and the chosen columns:
       * the server's streamed answer, to read with `response.body` (a stream) or `response.arrayBuffer()`.
       */
      download: async (input: ops.ExportInput) => {
        const link = (await request(ops.SdkExportLinkDocument, { input })).exportLink;
        return { fileName: link.fileName, response: await download(options, link.url) };
      },
    },
  };
}

/** GETs a download link of the API (an export) with the client's credentials; refusals become `KontorApiError`. */
async function download(options: ClientOptions, path: string): Promise<Response> {
  const origin = options.url.replace(/\/+$/, '').replace(/\/graphql$/, '');
  const token = options.apiKey ?? (typeof options.accessToken === 'function' ? options.accessToken() : options.accessToken);
  const headers: Record<string, string> = { ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await (options.fetch ?? globalThis.fetch)(`${origin}${path}`, { headers });
  if (response.ok) return response;
  const body = (await response.json().catch(() => ({}))) as { errors?: GraphQLErrorEntry[] };
  const [first] = body.errors ?? [];
  throw new KontorApiError(first?.extensions?.code ?? 'HTTP_ERROR', first?.message ?? `${path} answered ${response.status}`, body.errors ?? [], response.status);
}

export type KontorClient = ReturnType<typeof createClient>;

/** The documents of one record type and where each answer keeps its result. */
interface RecordDocuments<TNode, TListVars extends { first?: number | null; after?: string | null }, TGetData, TCreateVars, TCreateData, TUpdateVars, TUpdateData, TListData, TRemoveData> {
  list: TypedDocumentNode<TListData, TListVars>;
  listOf: (data: TListData) => Connection<TNode>;
  get: TypedDocumentNode<TGetData, { id: string }>;
  getOf: (data: TGetData) => TNode | null;
  create: TypedDocumentNode<TCreateData, TCreateVars>;
  createdOf: (data: TCreateData) => TNode;
  update: TypedDocumentNode<TUpdateData, TUpdateVars>;
  updatedOf: (data: TUpdateData) => TNode;
  remove: TypedDocumentNode<TRemoveData, { id: string }>;
  removedOf: (data: TRemoveData) => string;
}

function records<TNode, TListVars extends { first?: number | null; after?: string | null }, TGetData, TCreateVars extends { input: unknown }, TCreateData, TUpdateVars extends { id: string; input: unknown }, TUpdateData, TListData, TRemoveData>(
  request: RequestFn,
  docs: RecordDocuments<TNode, TListVars, TGetData, TCreateVars, TCreateData, TUpdateVars, TUpdateData, TListData, TRemoveData>,
) {
  const list = async (variables: TListVars = {} as TListVars) => docs.listOf(await request(docs.list, variables));
  return {
    /** One page (`first` ≤ 100, default 25); pass `after: page.pageInfo.endCursor` for the next. */
    list,
    /**
     * Every matching record, fetching pages of `pageSize` (default 100) as the loop goes:
     * `for await (const record of kontor.people.all({ filter }))`.
     */
    async *all(variables: Omit<TListVars, 'first' | 'after'> & { pageSize?: number } = {} as TListVars) {
      const { pageSize = 100, ...rest } = variables;
      let after: string | null = null;
      for (;;) {
        const page: Connection<TNode> = await list({ ...rest, first: pageSize, after } as unknown as TListVars);
        for (const edge of page.edges) yield edge.node;
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
        after = page.pageInfo.endCursor;
      }
    },
    /** The record, or `null` when this account has none with that ID. */
    get: async (id: string) => docs.getOf(await request(docs.get, { id })),
    create: async (input: TCreateVars['input']) => docs.createdOf(await request(docs.create, { input } as TCreateVars)),
    update: async (id: string, input: TUpdateVars['input']) => docs.updatedOf(await request(docs.update, { id, input } as TUpdateVars)),
    /** Deletes the record and returns its ID. */
    delete: async (id: string) => docs.removedOf(await request(docs.remove, { id })),
  };
}

function createRequest(options: ClientOptions): RequestFn {
  const endpoint = options.url.replace(/\/+$/, '').replace(/(\/graphql)?$/, '/graphql');
  const fetchFn = options.fetch ?? globalThis.fetch;
  const printed = new WeakMap<object, string>();

  return async (document, variables) => {
    let query = printed.get(document);
    if (query === undefined) printed.set(document, (query = print(document)));
    const token = options.apiKey ?? (typeof options.accessToken === 'function' ? options.accessToken() : options.accessToken);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;

    let response: Response;
    try {
      response = await fetchFn(endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    } catch (error) {
      throw new KontorApiError('NETWORK_ERROR', `Could not reach ${endpoint}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: { data?: unknown; errors?: GraphQLErrorEntry[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new KontorApiError('HTTP_ERROR', `${endpoint} answered ${response.status} without a GraphQL response: ${text.slice(0, 200)}`, [], response.status);
    }
    const [first] = body.errors ?? [];
    if (first) throw new KontorApiError(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.message, body.errors, response.status);
    if (body.data === undefined || body.data === null) {
      throw new KontorApiError('HTTP_ERROR', `${endpoint} answered ${response.status} with neither data nor errors`, [], response.status);
    }
    return body.data as never;
  };
}
