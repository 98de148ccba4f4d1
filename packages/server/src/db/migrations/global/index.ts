import { Migration20261127000000Foundation } from './Migration20261127000000Foundation.js';
import { Migration20261127000100Accounts } from './Migration20261127000100Accounts.js';
import { Migration20261127000200Team } from './Migration20261127000200Team.js';
import { Migration20261127000300Billing } from './Migration20261127000300Billing.js';
import { Migration20261127000400ApiKeys } from './Migration20261127000400ApiKeys.js';
import { Migration20261127000500CallerCheck } from './Migration20261127000500CallerCheck.js';
import { Migration20261127000600TextSearch } from './Migration20261127000600TextSearch.js';
import { Migration20261130000100EmailVerification } from './Migration20261130000100EmailVerification.js';
import { Migration20261130000200RevokeKeysOfFormerMembers } from './Migration20261130000200RevokeKeysOfFormerMembers.js';
import { Migration20261130000210WithdrawInvitationsOfFormerInviters } from './Migration20261130000210WithdrawInvitationsOfFormerInviters.js';
import { Migration20261130000600CleanupIndexes } from './Migration20261130000600CleanupIndexes.js';
import { Migration20261130000900SearchWords } from './Migration20261130000900SearchWords.js';
import { Migration20261130150000AccountSchemaVersion } from './Migration20261130150000AccountSchemaVersion.js';
import { Migration20261130150100SpareAccountSchemas } from './Migration20261130150100SpareAccountSchemas.js';
import { Migration20261130170100UserNames } from './Migration20261130170100UserNames.js';
import { Migration20261130170200LoginLinks } from './Migration20261130170200LoginLinks.js';
import { Migration20261130170300TwoFactor } from './Migration20261130170300TwoFactor.js';
import { Migration20261130180000CalendarFeeds } from './Migration20261130180000CalendarFeeds.js';
import { Migration20261130000700UserLocaleChoice } from './Migration20261130000700UserLocaleChoice.js';
import { Migration20261130180000TwoFactorPolicy } from './Migration20261130180000TwoFactorPolicy.js';
import { Migration20261130180100SecurityEvents } from './Migration20261130180100SecurityEvents.js';
import { Migration20261130180200RetiredLogins } from './Migration20261130180200RetiredLogins.js';
import { Migration20261130180300Passkeys } from './Migration20261130180300Passkeys.js';
import { Migration20261130180000FileDeletionQueue } from './Migration20261130180000FileDeletionQueue.js';
import { Migration20261130180100WebhookWork } from './Migration20261130180100WebhookWork.js';
import { Migration20261130195000LowercaseWords } from './Migration20261130195000LowercaseWords.js';
import { Migration20261130201000PasskeySecondFactor } from './Migration20261130201000PasskeySecondFactor.js';
import { Migration20261201000100MergeLinks } from './Migration20261201000100MergeLinks.js';
import { Migration20261201100000CallerCheckInlined } from './Migration20261201100000CallerCheckInlined.js';

/** The global schema's migrations, oldest first. Append; never edit one that has shipped. */
export const globalMigrations = [
  Migration20261127000000Foundation,
  Migration20261127000100Accounts,
  Migration20261127000200Team,
  Migration20261127000300Billing,
  Migration20261127000400ApiKeys,
  Migration20261127000500CallerCheck,
  Migration20261127000600TextSearch,
  Migration20261130000100EmailVerification,
  Migration20261130000200RevokeKeysOfFormerMembers,
  Migration20261130000210WithdrawInvitationsOfFormerInviters,
  Migration20261130000600CleanupIndexes,
  Migration20261130000900SearchWords,
  Migration20261130150000AccountSchemaVersion,
  Migration20261130150100SpareAccountSchemas,
  Migration20261130170100UserNames,
  Migration20261130170200LoginLinks,
  Migration20261130170300TwoFactor,
  Migration20261130000700UserLocaleChoice,
  Migration20261130180000TwoFactorPolicy,
  Migration20261130180100SecurityEvents,
  Migration20261130180200RetiredLogins,
  Migration20261130180300Passkeys,
  Migration20261130180000CalendarFeeds,
  Migration20261130180000FileDeletionQueue,
  Migration20261130180100WebhookWork,
  Migration20261130195000LowercaseWords,
  Migration20261130201000PasskeySecondFactor,
  Migration20261201000100MergeLinks,
  Migration20261201100000CallerCheckInlined,
];
