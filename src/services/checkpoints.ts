import * as checkpointsDb from '../db/checkpoints.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * Entries between two balance checkpoints. A balance as of any moment reads at most about
 * twice this many entries, so it costs the same for an account with ten entries or a million.
 */
export const CHECKPOINT_EVERY_ENTRIES = 256;
/** Bounds how long one call holds an account's rows locked while catching up. */
const CHECKPOINT_ENTRIES_PER_CALL_MAX = 50_000;
const ACCOUNTS_PER_ROUND_MAX = 100;

/** One round: writes the checkpoints every busy account is due. Returns how many. */
export async function runCheckpoints(uow: UnitOfWork): Promise<number> {
  let written = 0;
  for (;;) {
    const due = await checkpointsDb.accountsDueForCheckpoint(uow.pool, CHECKPOINT_EVERY_ENTRIES, ACCOUNTS_PER_ROUND_MAX);
    if (due.length === 0) return written;
    for (const accountId of due) {
      written += await uow.transaction((tx) =>
        checkpointsDb.writeCheckpoints(tx, accountId, CHECKPOINT_EVERY_ENTRIES, CHECKPOINT_ENTRIES_PER_CALL_MAX),
      );
    }
    if (due.length < ACCOUNTS_PER_ROUND_MAX) return written;
  }
}
