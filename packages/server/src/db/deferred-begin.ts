import type pg from 'pg';
import pgUtils from 'pg/lib/utils.js';
import { callerCheckPreparation, type CallerCheckSql } from './caller-check-sql.js';
import { quoteLiteral } from './sql.js';

/**
 * Round trips to PostgreSQL are most of what a small request costs here: each
 * one is a write and a wake-up on both sides. An account request would need
 * `BEGIN`, `SET LOCAL ROLE`, `SET LOCAL search_path`, the caller check and
 * `COMMIT` around its one statement.
 *
 * This wraps a pooled pg connection so that none of those costs a trip of its
 * own. A `BEGIN;` from the ORM is not sent; an account scope begins its
 * transaction with a plan instead (`beginTransaction`): the settings, the
 * caller check, and whether the request only reads. Then
 *
 * - for a request that writes, `BEGIN`, the check and the settings travel
 *   with the first real statement, as one simple-protocol query (its
 *   parameters written in as literals, exactly as pg would send them as text);
 * - for a request that only reads, no transaction is opened on the server at
 *   all: every statement travels with the settings (and, until it has once
 *   passed, the check) and runs as its own implicit transaction, read-only.
 *   Under READ COMMITTED each statement takes its own snapshot anyway, so this
 *   reads exactly what one transaction would, and knex's `COMMIT;` has
 *   nothing to send.
 *
 * A transaction that ends before any statement ran never reaches the server.
 */

export interface TransactionPlan {
  /** Run after the check, before each statement: `SET LOCAL ROLE …`, `SET LOCAL search_path …`. */
  settings: string[];
  /** A query operation: statements run one by one as read-only implicit transactions. */
  readOnly: boolean;
  /** A statement that raises when the caller may not go on (it is sent until it has passed once). */
  check?: {
    /** The check's SQL: its prepared form is sent on a connection that has prepared it. */
    sql: CallerCheckSql;
    /** Whether it has passed already (perhaps on its own, on another connection): then it is not sent again. */
    passed(): boolean;
    settle(error: Error | null, rows?: Record<string, unknown>[]): void;
  };
  /**
   * A read sent after the settings, in front of the transaction's first statement (the package-import guard,
   * request/package-import-guard.ts), so that it costs no round trip of its own; `answer` gets its rows. Only a
   * transaction that writes carries it, and only its first statement. When that round trip fails, no answer comes.
   */
  before?: {
    sql: string;
    answer(rows: Record<string, unknown>[]): void;
  };
}

type Callback = (error: Error | null, result?: unknown) => void;
interface QueryConfig {
  text: string;
  values?: unknown[];
  /** pg's `rowMode`: 'array' hands each row over as an array of column values. */
  rowMode?: 'array';
  /** Kept prepared on the connection (see `preparedForm`): for statements whose parameters' types PostgreSQL can infer. */
  prepare?: boolean;
  /** `text` holds this many statements (simple protocol, no `values`), and the caller wants each one's result. */
  statements?: number;
}
interface State {
  phase: 'idle' | 'deferred' | 'open' | 'perStatement';
  /** Begun by `beginTransaction` (not by a BEGIN the ORM sent): knex's own BEGIN then joins it. */
  begunByOwner: boolean;
  plan: TransactionPlan | undefined;
  /** Whether the plan's check has passed; the error when it failed (nothing more is sent then). */
  check: 'unchecked' | 'passed' | Error;
  /** Whether this connection has prepared the caller check (callerCheckPreparation). */
  checkPrepared: boolean;
  /** Statements this connection keeps prepared (`preparedForm`): their names by text. */
  prepared: Map<string, string>;
}

const emptyResult = { command: '', rowCount: 0, rows: [], fields: [] };
const states = new WeakMap<pg.Client, State>();

export function deferTransactionStart(client: pg.Client, onSend?: (text: string) => void): void {
  const send = client.query.bind(client) as (config: QueryConfig, callback: Callback) => void;
  const state: State = { phase: 'idle', begunByOwner: false, plan: undefined, check: 'unchecked', checkPrepared: false, prepared: new Map() };
  states.set(client, state);
  // One query at a time, in order: pg 9 will refuse a query issued while another is running (DataLoader batches
  // of one request do that), and deciding what travels with a statement only when it is its turn means a check that
  // passed meanwhile is not sent twice.
  const waiting: [QueryConfig, Callback][] = [];
  // The caller check is prepared first; statements wait for its answer (it travels before them anyway). If it fails
  // (before the global migrations have created the function), checks go in their plain form, exactly as strong.
  let running = true;
  const next = () => {
    const item = waiting.shift();
    if (!item) {
      running = false;
      return;
    }
    running = true;
    handle(state, item[0], send, onSend, (error, result) => {
      next();
      item[1](error, result);
    });
  };
  send({ text: callerCheckPreparation }, (error) => {
    state.checkPrepared = !error;
    next();
  });

  (client as unknown as { query: unknown }).query = function query(config: unknown, ...rest: unknown[]) {
    // Only the form knex uses, (config, callback), is ever deferred; anything else passes through untouched.
    if (typeof config !== 'object' || config === null || typeof rest[0] !== 'function' || rest.length !== 1) {
      return (send as (...args: unknown[]) => unknown)(config, ...rest);
    }
    waiting.push([config as QueryConfig, rest[0] as Callback]);
    if (!running) next();
  };
}

function handle(state: State, config: QueryConfig, send: (config: QueryConfig, callback: Callback) => void, onSend: ((text: string) => void) | undefined, callback: Callback): void {
  const { text, values = [], rowMode } = config;
  const answerNow = () => process.nextTick(callback, null, emptyResult);
  const endsTransaction = (text === 'COMMIT;' || /^ROLLBACK\b/.test(text)) && !text.includes('SAVEPOINT');

  if (state.phase === 'idle' && text === 'BEGIN;') {
    reset(state, 'deferred');
    return answerNow();
  }
  if (state.phase !== 'idle' && state.begunByOwner && text === 'BEGIN;') return answerNow();
  if ((state.phase === 'deferred' || state.phase === 'perStatement') && endsTransaction) {
    reset(state, 'idle');
    return answerNow();
  }
  if (state.phase === 'open' && endsTransaction) reset(state, 'idle');
  if (state.phase === 'idle' || state.phase === 'open') {
    onSend?.(text);
    return send(config, callback);
  }

  // The first statement of a deferred transaction, or any statement of a read-only one.
  if (state.check instanceof Error) return process.nextTick(callback, state.check);
  const plan = state.plan;
  const head: string[] = [];
  if (state.phase === 'deferred' && !plan?.readOnly) head.push('BEGIN');
  if (state.check === 'unchecked' && plan?.check?.passed()) state.check = 'passed';
  const checkIndex = plan?.check && state.check === 'unchecked' ? head.push(state.checkPrepared ? plan.check.sql.prepared : plan.check.sql.plain) - 1 : -1;
  if (plan?.readOnly) head.push('SET LOCAL transaction_read_only = on');
  head.push(...(plan?.settings ?? []));
  const before = state.phase === 'deferred' && !plan?.readOnly ? plan?.before : undefined;
  const beforeIndex = before ? head.push(before.sql) - 1 : -1;
  state.phase = plan?.readOnly ? 'perStatement' : 'open';

  const statement = config.prepare ? preparedForm(state, text, values) : { sql: inlineParameters(text, values) };
  const combined = `${head.join(';\n')};\n${statement.sql}`;
  onSend?.(combined);
  send({ text: combined, rowMode }, (error, result) => {
    if (checkIndex >= 0 && plan?.check) settleCheck(state, plan.check, checkIndex, error, result);
    if (!error) statement.onSuccess?.();
    const beforeResult = !error && before && Array.isArray(result) ? (result[beforeIndex] as pg.QueryResult | undefined) : undefined;
    if (before && beforeResult) before.answer(rowObjects(beforeResult));
    callback(error, Array.isArray(result) ? (config.statements ? result.slice(-config.statements) : result.at(-1)) : result);
  });
}

/**
 * Begins a planned transaction on an idle pooled `client` without the ORM
 * (nothing is sent yet). A knex transaction may join it later on the same
 * connection: its `BEGIN;` is then answered here, its COMMIT or ROLLBACK ends it.
 */
export function beginTransaction(client: pg.Client, plan: TransactionPlan): void {
  const state = states.get(client);
  if (!state || state.phase !== 'idle') throw new Error('beginTransaction needs an idle connection from the pool');
  reset(state, 'deferred', plan);
}

/** A transaction's state from its start (`deferred`, with the owner's plan if any) or after its end (`idle`). */
function reset(state: State, phase: 'idle' | 'deferred', plan?: TransactionPlan): void {
  Object.assign(state, { phase, begunByOwner: plan !== undefined, plan, check: 'unchecked' });
}

/**
 * A statement that comes again and again (a list's page) is prepared once per
 * connection with SQL's PREPARE, in the round trip that first runs it, and
 * afterwards sent as `EXECUTE name(literals…)`: PostgreSQL neither parses nor
 * plans it again (for a page of 50 that was about as much work as running it). Nothing
 * about who may read what changes: the statement still runs after the check,
 * under the account's role and search path set in front of it, privileges are
 * checked at each execution, and PostgreSQL parses and plans a prepared
 * statement again when the search path differs from its last use (another
 * account on the same pooled connection) or a table it reads has changed.
 * PREPARE goes after the settings, so it resolves names in the account's
 * schema. A statement counts as prepared only once its round trip succeeded;
 * after a failure its name is never used again (the PREPARE may or may not
 * have run). At most `maxPreparedPerConnection` texts per connection; later
 * ones are sent as before (pooled connections are replaced after 1,000 schemas
 * anyway, db/connection-pools.ts).
 */
function preparedForm(state: State, text: string, values: unknown[]): { sql: string; onSuccess?: () => void } {
  const execute = (name: string) => (values.length === 0 ? `EXECUTE ${name}` : `EXECUTE ${name}(${values.map(literal).join(', ')})`);
  const known = state.prepared.get(text);
  if (known) return { sql: execute(known) };
  if (state.prepared.size >= maxPreparedPerConnection) return { sql: inlineParameters(text, values) };
  // Unique in the process, not only on the connection: a log line names one statement.
  const name = `kontor_statement_${nextPreparedName++}`;
  return { sql: `PREPARE ${name} AS ${text};\n${execute(name)}`, onSuccess: () => state.prepared.set(text, name) };
}

const maxPreparedPerConnection = 100;
let nextPreparedName = 1;

/** Runs one query the way knex does, through the deferral above. */
export async function queryThrough<T = Record<string, unknown>>(client: pg.Client, text: string, values: unknown[] = []): Promise<T[]> {
  return ((await resultThrough(client, { text, values })).rows ?? []) as T[];
}

/**
 * Runs several statements, joined into one simple-protocol text, in one round trip, and answers each one's rows.
 * Each statement takes its own snapshot, as if sent one by one. The statements have no parameters left (write them
 * in with `inlineParameters`, as the deferral does for a transaction's first statement).
 */
export async function statementsThrough(client: pg.Client, statements: string[]): Promise<Record<string, unknown>[][]> {
  const result = (await resultThrough(client, { text: statements.join(';\n'), statements: statements.length })) as pg.QueryResult | pg.QueryResult[];
  const results = Array.isArray(result) ? result.slice(-statements.length) : [result];
  if (results.length !== statements.length) throw new Error(`${statements.length} statements sent, ${results.length} results received`);
  return results.map((each) => each.rows as Record<string, unknown>[]);
}

/** As `queryThrough`, with each row an array of column values and the columns' names beside them; `prepare`: see `preparedForm`. */
export async function tableThrough(client: pg.Client, text: string, values: unknown[] = [], prepare = false): Promise<{ columns: string[]; rows: unknown[][] }> {
  const result = await resultThrough(client, { text, values, rowMode: 'array', ...(prepare ? { prepare } : {}) });
  return { columns: (result.fields ?? []).map((field) => field.name), rows: (result.rows ?? []) as unknown[][] };
}

function resultThrough(client: pg.Client, config: QueryConfig): Promise<pg.QueryResult> {
  return new Promise((resolve, reject) =>
    (client.query as unknown as (config: QueryConfig, callback: (error: Error | null, result: pg.QueryResult) => void) => void)(config, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );
}

/** The check's own result, or its error: a failed check (SQLSTATE class KN) stops everything after it on this connection. */
function settleCheck(state: State, check: NonNullable<TransactionPlan['check']>, index: number, error: Error | null, result: unknown): void {
  if (error) {
    if (checkFailureCode(error) === undefined) return; // the check passed; a later statement failed
    if (state.phase !== 'idle') state.check = error;
    check.settle(error);
    return;
  }
  if (state.check === 'unchecked' && state.phase !== 'idle') state.check = 'passed';
  const checkResult = Array.isArray(result) ? (result[index] as pg.QueryResult | undefined) : undefined;
  check.settle(null, checkResult ? rowObjects(checkResult) : []);
}

/** A result's rows as objects, also when the statement it travelled with asked for arrays. */
function rowObjects(result: pg.QueryResult): Record<string, unknown>[] {
  return result.rows.map((row: unknown) =>
    Array.isArray(row) ? Object.fromEntries(result.fields.map((field, i) => [field.name, row[i]])) : (row as Record<string, unknown>),
  );
}

/**
 * The SQLSTATE of a refusal by a plan's check (class KN, raised by the check
 * function), looking through the ORM's wrapping of driver errors; undefined
 * for any other error.
 */
export function checkFailureCode(error: unknown): string | undefined {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (typeof current.code === 'string' && current.code.startsWith('KN')) return current.code;
  }
  return undefined;
}

/** Numbers knex-style `?` placeholders as `$1…$n` (not inside string literals, quoted names or comments). */
export function positionalParameters(text: string): string {
  let numbered = numberedTexts.get(text);
  if (numbered === undefined) {
    let position = 0;
    numbered = text.replace(sqlTokens, (match) => (match === '?' ? `$${++position}` : match));
    // A list's SQL repeats request after request; the cache is a small bound on memory, not an LRU.
    if (numberedTexts.size >= 1000) numberedTexts.clear();
    numberedTexts.set(text, numbered);
  }
  return numbered;
}

const numberedTexts = new Map<string, string>();

/** String literals, quoted names and comments (left alone), or a placeholder: `$n` or `?`. */
const sqlTokens = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\$(\d+)|\?/g;

/**
 * Writes `$1…$n` as literals, each value prepared as pg prepares a text
 * parameter. Placeholders inside string literals, quoted identifiers and
 * comments are left alone.
 */
export function inlineParameters(text: string, values: unknown[]): string {
  if (values.length === 0) return text;
  return text.replace(sqlTokens, (match, index: string | undefined) => {
    if (index === undefined) return match;
    const position = Number(index) - 1;
    if (position < 0 || position >= values.length) return match;
    return literal(values[position]);
  });
}

function literal(value: unknown): string {
  const prepared = pgUtils.prepareValue(value) as string | Buffer | null;
  if (prepared === null || prepared === undefined) return 'NULL';
  if (Buffer.isBuffer(prepared)) return `'\\x${prepared.toString('hex')}'::bytea`;
  return quoteLiteral(String(prepared));
}
