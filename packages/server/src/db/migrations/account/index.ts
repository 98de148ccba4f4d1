import { AccountMigration0001Settings } from './AccountMigration0001Settings.js';
import { AccountMigration0002Crm } from './AccountMigration0002Crm.js';

/** Every account schema's migrations, oldest first. Append; never edit one that has shipped. */
export const accountMigrations = [AccountMigration0001Settings, AccountMigration0002Crm];
