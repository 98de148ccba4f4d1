import { AccountMigration0001Settings } from './AccountMigration0001Settings.js';

/** Every account schema's migrations, oldest first. Append; never edit one that has shipped. */
export const accountMigrations = [AccountMigration0001Settings];
