import type { EntityManager } from '@mikro-orm/postgresql';
import { countContacts, lockContacts } from '../accounts/usage.js';

/** What an import knew of the account's contacts when its last batch committed. */
export interface KnownContacts {
  /** Contacts then, at most (see ContactTally). */
  count: number;
  /** The account's `contact_change` counter after that batch's own bump. */
  changes: number;
}

/**
 * The contact limit during an import's batch, exact without counting every
 * contact of the account for each batch. Opened under the contact lock (every
 * change that may add contacts takes it and bumps the account's counter,
 * accounts/usage.ts): when the counter moved only by the import's own bump
 * since its last batch, nobody else added contacts meanwhile, and the count
 * carried from that batch holds as an upper bound (others may have deleted
 * some, which takes no lock); otherwise, and for a job's first batch, the
 * contacts are counted. An upper bound that says a row does not fit is not
 * trusted: the contacts are counted then (once; exact from there on), so the
 * import stops at exactly the limit. Each row adds at most one contact.
 */
export class ContactTally {
  private constructor(
    private readonly em: EntityManager,
    private count: number,
    private exact: boolean,
    private readonly changes: number,
    readonly max: number,
  ) {}

  static async open(em: EntityManager, accountId: string, max: number, known: KnownContacts | undefined): Promise<ContactTally> {
    const changes = await lockContacts(em, accountId);
    if (known && changes === known.changes + 1) return new ContactTally(em, known.count, false, changes, max);
    return new ContactTally(em, await countContacts(em), true, changes, max);
  }

  /**
   * Whether `more` contacts (not written yet) fit beside those counted.
   * `flush` writes what the batch has planned, so that a count sees it.
   */
  async fits(more: number, flush: () => Promise<void> = async () => undefined): Promise<boolean> {
    if (this.count + more <= this.max) return true;
    if (this.exact) return false;
    await flush();
    this.count = await countContacts(this.em);
    this.exact = true;
    return this.count + more <= this.max;
  }

  /** Contacts added (or, negative, taken away) by what the batch wrote or planned. */
  add(contacts: number): void {
    this.count += contacts;
  }

  /** What the next batch may carry, once this one has committed. */
  known(): KnownContacts {
    return { count: this.count, changes: this.changes };
  }
}
