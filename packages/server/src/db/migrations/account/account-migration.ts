import { Migration } from '@mikro-orm/migrations';
import { quoteIdent, quoteLiteral } from '../../sql.js';

/**
 * A migration of one account schema. MikroORM's migrator knows a single
 * schema, so account migrations are MikroORM migrations whose SQL names the
 * target schema, set by our runner (`account-schema.ts`) before `up()` runs.
 * Write every table as `${this.schema}.name`.
 */
export abstract class AccountMigration extends Migration {
  private targetSchema: string | undefined;

  forSchema(schemaName: string): this {
    this.targetSchema = schemaName;
    return this;
  }

  /** The target schema, quoted. */
  protected get schema(): string {
    return quoteIdent(this.target());
  }

  /** The target schema's name as a string literal (for rows that name their account). */
  protected get schemaNameLiteral(): string {
    return quoteLiteral(this.target());
  }

  private target(): string {
    if (!this.targetSchema) throw new Error('AccountMigration.up() called without a target schema: run it through migrateAccountSchema()');
    return this.targetSchema;
  }
}
