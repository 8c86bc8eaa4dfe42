/**
 * A map of bounded size that forgets its least recently used entry first. A Map keeps
 * insertion order, so moving an entry to the end on use makes the first one the oldest.
 * Bounded caches in front of the key lookup must never empty themselves when full: a
 * caller who can fill one could otherwise wipe what every other caller depends on.
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('an LRU holds at least one entry');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }

  /** Removes every entry whose value matches. */
  deleteWhere(match: (value: V) => boolean): number {
    let removed = 0;
    for (const [key, value] of this.entries) {
      if (match(value)) {
        this.entries.delete(key);
        removed += 1;
      }
    }
    return removed;
  }
}
