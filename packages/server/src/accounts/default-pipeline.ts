import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAccountSchemaName } from '../db/account-schema.js';
import { quoteIdent } from '../db/sql.js';
import type { SupportedLocale } from '../auth/users.js';

/** The default pipeline and its phases, as AccountMigration0002Crm inserts them (in English). */
const pipelineId = '00000000-0000-4000-8000-000000000001';
const phaseIds = ['00000000-0000-4000-8000-000000000011', '00000000-0000-4000-8000-000000000012', '00000000-0000-4000-8000-000000000013', '00000000-0000-4000-8000-000000000014'];

const names: Record<SupportedLocale, { pipeline: string; phases: string[] }> = {
  en: { pipeline: 'Sales', phases: ['Lead', 'Qualified', 'Proposal', 'Negotiation'] },
  de: { pipeline: 'Vertrieb', phases: ['Lead', 'Qualifiziert', 'Angebot', 'Verhandlung'] },
  es: { pipeline: 'Ventas', phases: ['Cliente potencial', 'Cualificado', 'Propuesta', 'Negociación'] },
};

/**
 * Names a new account's default pipeline and phases in its creator's
 * language. They are the account's own data afterwards (renamed, extended),
 * so they are written once, at creation, not translated on display.
 * Runs in the creating transaction, right after the schema's migrations.
 */
export async function nameDefaultPipeline(em: EntityManager, schemaName: string, locale: SupportedLocale): Promise<void> {
  if (locale === 'en') return; // The migration's names already.
  assertAccountSchemaName(schemaName);
  const schema = quoteIdent(schemaName);
  const { pipeline, phases } = names[locale];
  await em.execute(`update ${schema}.pipeline set name = ? where id = ?`, [pipeline, pipelineId]);
  for (const [i, id] of phaseIds.entries()) await em.execute(`update ${schema}.phase set name = ? where id = ?`, [phases[i], id]);
}
