import type { FastifyRateLimitStore } from '@fastify/rate-limit';
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

  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.startedAt + timeWindow <= now) window = { count: 0, startedAt: now };
    window.count += 1;
    this.windows.set(key, window);
    callback(null, { current: window.count, ttl: window.startedAt + timeWindow - now });
  }

  /** Each limiter (createRateLimit) counts apart. */
  child(): WindowStore {
    return new WindowStore();
  }
}
