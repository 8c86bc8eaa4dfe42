/**
 * At most `size` pieces of work at once; the rest wait their turn, first come first served.
 * Whole-journal reads go through one sized below the connection pool, so however many run,
 * postings and reads keep connections of their own.
 */
export class Semaphore {
  private available: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('a semaphore admits at least one');
    this.available = size;
  }

  /** How many pieces of work run now. */
  get busy(): number {
    return this.size - this.available;
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.available > 0) this.available -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The permit passes straight to the next in line, so no newcomer can overtake it.
      const next = this.waiting.shift();
      if (next) next();
      else this.available += 1;
    }
  }
}

/** The connections whole-journal reads may hold together: a quarter of the pool, at least one. */
export function exportConnections(poolMax: number): number {
  return Math.max(1, Math.floor(poolMax / 4));
}
