import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The INSERT statements MikroORM would send for new, unmanaged `entities` (made with `em.create(…, { persist: false
 * })`), their values written in as literals, joined to go to the database in one round trip: a flush sends one round
 * trip per row. Order the entities so that each row's foreign keys point to rows before it. The entities stay
 * unmanaged (the caller hands them out; no flush writes them again); errors arrive converted, as from a flush
 * (a unique violation as UniqueConstraintViolationException).
 */
export async function insertTogether(em: EntityManager, entities: object[]): Promise<void> {
  const statements = entities.map((entity) =>
    em
      .createQueryBuilder(entity.constructor as new () => object)
      .insert(em.getComparator().prepareEntity(entity))
      .getFormattedQuery(),
  );
  await em.execute(statements.join(';\n'));
}
