import { AccountMigration0001Settings } from './AccountMigration0001Settings.js';
import { AccountMigration0002Crm } from './AccountMigration0002Crm.js';
import { AccountMigration0010Webhooks } from './AccountMigration0010Webhooks.js';
import { AccountMigration0011TextIndexes } from './AccountMigration0011TextIndexes.js';
import { AccountMigration0012SearchColumns } from './AccountMigration0012SearchColumns.js';
import { AccountMigration0020Files } from './AccountMigration0020Files.js';
import { AccountMigration0030Imports } from './AccountMigration0030Imports.js';
import { AccountMigration0040WebhookDeliveryLog } from './AccountMigration0040WebhookDeliveryLog.js';
import { AccountMigration0050CustomFields } from './AccountMigration0050CustomFields.js';
import { AccountMigration0060AuditTrail } from './AccountMigration0060AuditTrail.js';
import { AccountMigration0070FilesWithoutTrigger } from './AccountMigration0070FilesWithoutTrigger.js';
import { AccountMigration0075EmailIndexes } from './AccountMigration0075EmailIndexes.js';
import { AccountMigration0090AccountPackages } from './AccountMigration0090AccountPackages.js';
import { AccountMigration0100CopiedRecords } from './AccountMigration0100CopiedRecords.js';
import { AccountMigration0120PackageDownloaded } from './AccountMigration0120PackageDownloaded.js';
import { AccountMigration0130ContactChanges } from './AccountMigration0130ContactChanges.js';
import { AccountMigration0140GinWithoutPendingList } from './AccountMigration0140GinWithoutPendingList.js';
import { AccountMigration0150NamePrefixIndexes } from './AccountMigration0150NamePrefixIndexes.js';
import { AccountMigration0160CustomFieldGinWithoutPendingList } from './AccountMigration0160CustomFieldGinWithoutPendingList.js';

/** Every account schema's migrations, oldest first. Append; never edit one that has shipped. */
export const accountMigrations = [
  AccountMigration0001Settings,
  AccountMigration0002Crm,
  AccountMigration0010Webhooks,
  AccountMigration0011TextIndexes,
  AccountMigration0012SearchColumns,
  AccountMigration0020Files,
  AccountMigration0030Imports,
  AccountMigration0040WebhookDeliveryLog,
  AccountMigration0050CustomFields,
  AccountMigration0060AuditTrail,
  AccountMigration0070FilesWithoutTrigger,
  AccountMigration0075EmailIndexes,
  AccountMigration0090AccountPackages,
  AccountMigration0100CopiedRecords,
  AccountMigration0120PackageDownloaded,
  AccountMigration0130ContactChanges,
  AccountMigration0140GinWithoutPendingList,
  AccountMigration0150NamePrefixIndexes,
  AccountMigration0160CustomFieldGinWithoutPendingList,
];
