import type { EntityClass } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';

/** Every entity the ORM knows: global ones and account-schema ones (`schema: '*'`). */
export const entities: EntityClass<unknown>[] = [Account];
