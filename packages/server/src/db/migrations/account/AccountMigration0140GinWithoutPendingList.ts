import { quoteLiteral } from '../../sql.js';
import { AccountMigration } from './account-migration.js';

/**
 * The search and text-filter indexes take each new row at once (`fastupdate = off`), as the e-mail index always
 * did. With PostgreSQL's default, a GIN index gathers new rows in a pending list (up to 4 MB) that every search
 * reads through until the next vacuum, and whose size also drives the planner away from the index: right after
 * 10,000 people came in, a prefix matching 25 of them took 3.5 ms instead of 1 ms, 14 ms of it planning on a cold
 * connection, and searching 20 such accounts at once took most of the 100 ms a search across accounts may take.
 * Search answers as the user types: steady answers count for more than the cost of a row's index entries at once.
 * What is pending already goes into the index now, not at the next vacuum.
 */
export class AccountMigration0140GinWithoutPendingList extends AccountMigration {
  override up(): void {
    for (const index of ['person_search_idx', 'company_search_idx', 'deal_search_idx', 'note_body_trgm_idx', 'task_title_trgm_idx']) {
      this.addSql(`alter index ${this.schema}.${index} set (fastupdate = off)`);
      this.addSql(`select gin_clean_pending_list(${quoteLiteral(`${this.schema}.${index}`)}::regclass)`);
    }
  }
}
