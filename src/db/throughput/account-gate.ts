interface Waiter {
  keys: readonly string[];
  admit: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Caps the postings in flight per account, so that one locked or hot account cannot take
 * every database connection: a posting that holds a connection while it waits for a row
 * lock (in a transaction of its own) first takes a slot on each of its accounts. Past the
 * cap it waits here, holding nothing, at most `waitMaxMs`; then it is refused as busy.
 * A waiter whose accounts are free goes ahead of older ones whose accounts are not, so
 * that a queue behind a locked account never holds up unrelated postings.
 */
export class AccountGate {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly perAccountMax: number,
    private readonly waitMaxMs: number,
    /** The refusal a posting gets when its wait runs out: the application's busy error. */
    private readonly refusal: () => Error = () => new GateTimeout(),
  ) {}

  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)];
    // A waiter is handed its slots when it is admitted, before it runs.
    if (this.free(unique)) this.take(unique);
    else await this.wait(unique);
    try {
      return await work();
    } finally {
      this.give(unique);
    }
  }

  /** Postings in flight on `key`, for tests and metrics. */
  load(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }

  private free(keys: readonly string[]): boolean {
    return keys.every((k) => (this.inFlight.get(k) ?? 0) < this.perAccountMax);
  }

  private take(keys: readonly string[]): void {
    for (const k of keys) this.inFlight.set(k, (this.inFlight.get(k) ?? 0) + 1);
  }

  private give(keys: readonly string[]): void {
    for (const k of keys) {
      const n = (this.inFlight.get(k) ?? 1) - 1;
      if (n === 0) this.inFlight.delete(k);
      else this.inFlight.set(k, n);
    }
    // Admitted waiters take their slots before the next one is looked at.
    for (let i = 0; i < this.waiting.length; ) {
      const w = this.waiting[i] as Waiter;
      if (!this.free(w.keys)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      clearTimeout(w.timer);
      this.take(w.keys);
      w.admit();
    }
  }

  private wait(keys: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        keys,
        admit: resolve,
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(waiter);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(this.refusal());
        }, this.waitMaxMs),
      };
      this.waiting.push(waiter);
    });
  }
}

/** A posting that waited its longest at the gate; nothing of it was written. */
export class GateTimeout extends Error {
  constructor() {
    super('an account of this posting is busy (another write holds it); nothing was written, retry shortly');
    this.name = 'GateTimeout';
  }
}
