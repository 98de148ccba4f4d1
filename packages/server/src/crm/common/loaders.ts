import DataLoader from 'dataloader';
import type { EntityClass } from '@mikro-orm/core';
import { User } from '../../auth/user.entity.js';
import { requireAccount } from '../../request/access.js';
import type { RequestContext } from '../../request/context.js';
import { unitOfWork, type UnitOfWork } from '../../request/unit-of-work.js';
import { rowMapper } from './row-mapper.js';
import { quoteIdent } from '../../db/sql.js';

/**
 * The request's batch loaders: every relation of a page is fetched with one
 * query per relation, however many rows the page has (no N+1). One set per
 * request, so nothing is shared between requests or accounts.
 */
export class Loaders {
  private readonly byKey = new Map<string, DataLoader<string, unknown>>();

  private unit: UnitOfWork | undefined;

  constructor(private readonly ctx: RequestContext) {}

  /** The request's unit of work, made on the first account read (fails closed as `@Work()` does). */
  private work(): UnitOfWork {
    return (this.unit ??= unitOfWork(requireAccount(this.ctx), this.ctx.orm));
  }

  /**
   * Rows of an account table by ID, as entities (`null` when missing), with
   * the `columns` the query needs (selection.ts; all when undefined): one
   * loader per table and column list.
   */
  entity<T extends object>(entity: EntityClass<T>, table: string, columns?: readonly string[]): DataLoader<string, T | null> {
    return this.loader(`entity:${table}:${columns?.join(',') ?? '*'}`, async (ids) => {
      const work = this.work();
      const toEntity = rowMapper(work.metadata, entity);
      const rows = await work.scope.query(`select ${columnList(columns ?? toEntity.columns)} from ${table} t where id = any(?::uuid[])`, [pgArray(ids)]);
      const found = new Map(rows.map((row) => [row.id as string, toEntity(row)]));
      return ids.map((id) => found.get(id) ?? null);
    });
  }

  /**
   * Rows grouped by a foreign key, e.g. tags by person: `select … where <key> = any(ids)`.
   * `params` follow the IDs; one loader per name, so a name must say which params it was made with.
   */
  grouped<T>(name: string, sql: string, key: string, map: (work: UnitOfWork, row: Record<string, unknown>) => T, params: unknown[] = []): DataLoader<string, T[]> {
    return this.loader(`grouped:${name}`, async (ids) => {
      const work = this.work();
      const rows = await work.scope.query(sql, [pgArray(ids), ...params]);
      const groups = new Map<string, T[]>();
      for (const row of rows) {
        const group = groups.get(row[key] as string) ?? [];
        group.push(map(work, row));
        groups.set(row[key] as string, group);
      }
      return ids.map((id) => groups.get(id) ?? []);
    });
  }

  /** Values by ID that `load` works out for a whole batch of IDs at once (`name` says what and with which parameters). */
  batch<V>(name: string, load: (work: UnitOfWork, ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    return this.loader(`batch:${name}`, (ids) => load(this.work(), ids));
  }

  /** Users (global schema, over the global connection): names for responsible users and authors. */
  get users(): DataLoader<string, User | null> {
    return this.loader('users', async (ids) => {
      const users = await this.ctx.orm.em.fork().find(User, { id: { $in: [...ids] } });
      const found = new Map(users.map((user) => [user.id, user]));
      return ids.map((id) => found.get(id) ?? null);
    });
  }

  private loader<V>(key: string, batch: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    let loader = this.byKey.get(key) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>(batch, { maxBatchSize: 500 });
      this.byKey.set(key, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
}

const perRequest = new WeakMap<RequestContext, Loaders>();

export function loadersOf(ctx: RequestContext): Loaders {
  let loaders = perRequest.get(ctx);
  if (!loaders) perRequest.set(ctx, (loaders = new Loaders(ctx)));
  return loaders;
}

/** Columns of the table aliased `t`, quoted, for a select list. */
export function columnList(columns: readonly string[]): string {
  return columns.map((column) => `t.${quoteIdent(column)}`).join(', ');
}

export const pgArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** Loads a user reference, or null for none. */
export function loadUser(ctx: RequestContext, userId: string | null | undefined): Promise<User | null> {
  return userId ? loadersOf(ctx).users.load(userId) : Promise.resolve(null);
}
