import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { accountSchemaName } from '../db/account-schema.js';

/** An account: a separate CRM whose data lives in its own schema (`schemaName`). */
@Entity({ tableName: 'account' })
export class Account {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  @Unique()
  slug!: string;

  @Property({ type: 'text' })
  schemaName: string = accountSchemaName(this.id);

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
