import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client.js';
import { openDatabase } from '../../src/db/postgres.js';
import { insertPosting, type PostingRecord } from '../../src/db/transactions.js';
import { newId } from '../../src/ledger/ids.js';
import { clockTicks } from './cpu.js';

export interface PostingFloor {
  postings: number;
  perS: number;
  /** Wall time per posting, round trip and durable commit included. */
  wallMs: number;
  /** CPU (user and system) of the backend per posting, the commit's fdatasync included. */
  backendCpuMs: number | undefined;
}

/** utime + stime of a process in seconds, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/**
 * What the database alone takes for one redemption at one connection: ledger_post called
 * over one pooled connection, prepared, each posting its own durable commit, exactly as the
 * service's group-commit lane sends a posting that arrives alone (db/transactions.ts), with
 * no HTTP, no validation and no answer to build. No service in front of this database can
 * do better at one connection.
 */
export async function measurePostingFloor(
  databaseUrl: string,
  accounts: { members: readonly string[]; merchants: readonly string[] },
  durationS: number,
): Promise<PostingFloor> {
  const database = await openDatabase({ databaseUrl, engine: 'embedded', poolMax: 1 });
  try {
    const pick = (list: readonly string[]) => list[Math.floor(Math.random() * list.length)] as string;
    const post = () => {
      const record: PostingRecord = {
        id: newId('txn'),
        kind: 'redemption',
        occurredAt: undefined,
        description: null,
        reference: null,
        categoryCode: null,
        reversesTransactionId: null,
        holdId: null,
        metadata: {},
        receipt: null,
        postedByKeyId: null,
        postedByRole: 'admin',
        legs: [
          { accountId: pick(accounts.members), amountMinor: -1n, kinds: ['member'] },
          { accountId: pick(accounts.merchants), amountMinor: 1n, kinds: ['merchant'] },
        ],
      };
      return insertPosting(database.db, record, new Date());
    };
    // The pool holds one connection: this is the backend every posting below runs on.
    const [backend] = await rows<{ pid: number }>(database.db, sql`SELECT pg_backend_pid() AS pid`);
    for (let i = 0; i < 50; i++) await post();
    const cpuBefore = backend ? cpuSeconds(backend.pid) : undefined;
    const started = performance.now();
    let postings = 0;
    while (performance.now() - started < durationS * 1000) {
      await post();
      postings += 1;
    }
    const elapsedMs = performance.now() - started;
    const cpuAfter = backend ? cpuSeconds(backend.pid) : undefined;
    return {
      postings,
      perS: (1000 * postings) / elapsedMs,
      wallMs: elapsedMs / postings,
      backendCpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? (1000 * (cpuAfter - cpuBefore)) / postings : undefined,
    };
  } finally {
    await database.close();
  }
}
