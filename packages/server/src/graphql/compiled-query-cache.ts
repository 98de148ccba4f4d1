import { LRUCache } from 'lru-cache';

/**
 * The operations graphql-jit has compiled, by document hash and operation
 * name. A compiled operation is generated code, often a hundred times the
 * size of its text, so the cache is bounded by count (least recently used
 * goes first), and a document earns a place only when it comes a second time:
 * a stream of one-off documents (anyone may send any) is compiled, run and
 * dropped, and never pushes out the few hundred operations that real clients
 * repeat all day. Only the hashes of documents seen once are remembered, four
 * times as many as the cache holds.
 */
export class CompiledQueryCache<T extends object> {
  private readonly compiled: LRUCache<string, T>;
  private readonly seenOnce: LRUCache<string, true>;

  constructor(readonly maxEntries: number) {
    this.compiled = new LRUCache({ max: maxEntries });
    this.seenOnce = new LRUCache({ max: maxEntries * 4 });
  }

  /** How many compiled operations are held now (at most `maxEntries`). */
  get size(): number {
    return this.compiled.size;
  }

  get(key: string): T | undefined {
    return this.compiled.get(key);
  }

  /** Keeps `value` when `key` was offered before (and is still remembered); otherwise only remembers the key. Whether it kept it. */
  offer(key: string, value: T): boolean {
    if (this.seenOnce.delete(key)) {
      this.compiled.set(key, value);
      return true;
    }
    this.seenOnce.set(key, true);
    return false;
  }
}
