/**
 * Reads by key that arrive together go to the database as one query, as postings do in the
 * PostingBatcher: a read is sent at once while fewer than `maxInFlight` queries are under
 * way; otherwise it waits, and the next query to go takes every read waiting (up to
 * `maxBatch` keys) as one `= ANY(keys)` query instead of one query, one pooled connection
 * and one round trip each. An idle service adds no delay; a busy one answers many readers
 * of the same account with one row.
 *
 * A read joins only reads still waiting, never a query already sent, so the query that
 * answers it starts after the read arrived: it sees every write committed before the
 * request came in, exactly as a query of its own would.
 */
export class ReadBatcher<V> {
  // Unbounded by design: every waiter is a request the HTTP server accepted, so the server's
  // connection and body limits bound it.
  private waiting = new Map<string, Waiter<V>[]>();
  private inFlight = 0;

  constructor(
    private readonly load: (keys: string[]) => Promise<Map<string, V>>,
    private readonly options: { maxBatch: number; maxInFlight: number },
  ) {}

  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.size > 0) {
      const batch = new Map<string, Waiter<V>[]>();
      for (const [key, waiters] of this.waiting) {
        if (batch.size >= this.options.maxBatch) break;
        batch.set(key, waiters);
      }
      for (const key of batch.keys()) this.waiting.delete(key);
      this.inFlight++;
      this.loadNow([...batch.keys()])
        .then((found) => {
          for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key));
        })
        .catch((error: unknown) => {
          // Settling a settled promise does nothing: only the reads not yet answered fail.
          for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
        })
        .finally(() => {
          this.inFlight--;
          this.dispatch();
        });
    }
  }

  /**
   * The loader's promise, sent now. A loader that throws before returning one fails its
   * batch like one that rejects: nothing may leave a waiter unanswered or a slot taken.
   */
  private loadNow(keys: string[]): Promise<Map<string, V>> {
    try {
      return this.load(keys);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
}

interface Waiter<V> {
  resolve: (value: V | undefined) => void;
  reject: (error: unknown) => void;
}
