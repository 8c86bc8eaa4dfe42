import type { Logger } from 'pino';
import { driverError } from './client.js';
import { databaseFault } from './faults.js';

/** The first pause between tries, doubled after each one up to the cap. */
const FIRST_PAUSE_MS = 100;
const PAUSE_MAX_MS = 2_000;

/**
 * Waits until `ping` succeeds, trying again with a doubling pause while the database cannot
 * be reached yet (refused, "the database system is starting up", a connection reset), for
 * at most `timeoutMs`. Each failed try is logged. Anything else (a wrong password, a
 * database that does not exist) will not fix itself and fails at once, as does the last
 * try once the time is up.
 */
export async function waitForDatabase(ping: () => Promise<void>, timeoutMs: number, logger?: Pick<Logger, 'warn' | 'info'>): Promise<void> {
  const started = Date.now();
  let pause = FIRST_PAUSE_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await ping();
      if (attempt > 1) logger?.info({ attempt, waitedMs: Date.now() - started }, 'the database accepts connections');
      return;
    } catch (error) {
      const elapsed = Date.now() - started;
      const e = driverError(error);
      if (databaseFault(error) !== 'unavailable') throw error;
      if (elapsed + pause > timeoutMs) {
        throw new Error(`the database did not accept connections within ${timeoutMs / 1000} s (DB_CONNECT_TIMEOUT_S): ${e.message ?? String(error)}`, {
          cause: error,
        });
      }
      logger?.warn(
        { attempt, code: e.code, reason: e.message ?? String(error), retryInMs: pause, waitedMs: elapsed, timeoutMs },
        'the database is not accepting connections yet; trying again',
      );
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, PAUSE_MAX_MS);
    }
  }
}
