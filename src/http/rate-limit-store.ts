import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Clock } from '../ledger/clock.js';
import { Lru } from '../services/lru.js';

/** Callers (keys, addresses) whose windows are kept; the least recently seen go first. */
const TRACKED_MAX = 10_000;

/**
 * @fastify/rate-limit's counters: a fixed window per caller, in an LRU of bounded size.
 * Used instead of the plugin's LocalStore, which hands every caller of a key the same
 * mutable counter: requests that arrive in one tick all read it after the last of them
 * counted, so a burst that crosses the limit was refused whole.
 */
export class WindowStore implements FastifyRateLimitStore {
  private readonly windows = new Lru<string, { count: number; startedAt: number }>(TRACKED_MAX);

  constructor(private readonly clock: Clock) {}

  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
    const now = this.clock.now().getTime();
    let window = this.windows.get(key);
    if (!window || window.startedAt + timeWindow <= now) window = { count: 0, startedAt: now };
    window.count += 1;
    this.windows.set(key, window);
    callback(null, { current: window.count, ttl: window.startedAt + timeWindow - now });
  }

  /** Each limiter (createRateLimit) counts apart. */
  child(): WindowStore {
    return new WindowStore(this.clock);
  }
}

/** The store class @fastify/rate-limit instantiates, its windows timed by `clock`. */
export function windowStoreOn(clock: Clock): new () => WindowStore {
  return class extends WindowStore {
    constructor() {
      super(clock);
    }
  };
}
