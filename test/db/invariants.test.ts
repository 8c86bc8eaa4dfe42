/**
 * The ledger's invariants are enforced by the database itself (sql/; codes: src/db/error-codes.ts): these tests
 * bypass the service and try to break each one with raw SQL, on whichever engine the suite
 * runs on. Every refusal is checked twice: by its SQLSTATE, and by reading the accounts and
 * the journal afterwards to see that nothing changed.
 *
 * Attempts that a broken guard would let through end in `SET CONSTRAINTS ALL IMMEDIATE` and a
 * deliberate rollback instead of a COMMIT, so that a failing test never leaves a forged row
 * in a database other test files share.
 */
import { sql } from 'drizzle-orm';
import t, { type Test } from 'tap';
import { driverError, type Executor, rows, sqlState } from '../../src/db/client.js';
import { arrayLiteral } from '../../src/db/sql.js';
import { newId } from '../../src/ledger/ids.js';
import { buildTestApp, client, engine, fixture, uniqueCode } from '../helpers/app.js';

t.comment(`engine: ${engine}`);

const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const fx = fixture(c);

async function open(kind: 'member' | 'merchant' | 'system', prefix: string): Promise<string> {
  const code = uniqueCode(prefix);
  const res = await c.post('/v1/accounts', { code, name: `${kind} ${code}`, kind });
  if (res.statusCode !== 201) throw new Error(`could not open ${kind}: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

async function posted(url: string, body: unknown): Promise<string> {
  const res = await c.post(url, body);
  if (res.statusCode !== 201) throw new Error(`POST ${url} answered ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

// Real data, made through the API: a member who spent at a merchant (the transaction the
// journal tests try to rewrite), a second member, a frozen member and a system account of
// this file's own (one shared with other files could not be asserted on).
const memberA = (await fx.member('100.00')).id;
const memberB = (await fx.member('50.00')).id;
const frozen = (await fx.member('20.00')).id;
const merchant = (await fx.merchant()).id;
const system = await open('system', 'SYS-INV');
const redemption = await posted('/v1/redemptions', {
  accountId: memberA,
  merchantAccountId: merchant,
  amount: '30.00',
  description: 'rice and oil',
});
{
  const res = await c.patch(`/v1/accounts/${frozen}`, { status: 'frozen' });
  if (res.statusCode !== 200) throw new Error(`could not freeze ${frozen}: ${res.body}`);
}
const mine = [memberA, memberB, frozen, merchant, system];
/** Ids of transaction headers this file tried to write by hand: none may ever exist. */
const forged: string[] = [];

/* ------------------------------------------------------------------ reading the state */

const ids = (list: readonly string[]) => sql`${arrayLiteral(list)}::text[]`;

/**
 * Everything a refused statement could have changed, for this file's accounts: each balance
 * row, each account's identity, holds and entries, and every journal row that touches them.
 */
async function state() {
  const accounts = await rows(
    app.db.db,
    sql`SELECT a.id, a.kind, a.status, a.balance_shards AS "balanceShards",
               (SELECT json_agg(json_build_array(b.shard, b.balance::text, b.allow_negative, b.accepts_entries)
                                ORDER BY b.shard)::text
                  FROM account_balances b WHERE b.account_id = a.id) AS "balanceRows",
               (SELECT count(*)::int FROM entries e WHERE e.account_id = a.id) AS entries,
               (SELECT count(*)::int FROM holds h WHERE h.account_id = a.id) AS holds
          FROM accounts a WHERE a.id = ANY(${ids(mine)}) ORDER BY a.id`,
  );
  const journal = await rows(
    app.db.db,
    sql`SELECT tr.id, to_jsonb(tr)::text AS header,
               (SELECT json_agg(to_jsonb(e) ORDER BY e.id)::text FROM entries e WHERE e.transaction_id = tr.id) AS legs
          FROM transactions tr
         WHERE tr.id IN (SELECT transaction_id FROM entries WHERE account_id = ANY(${ids(mine)}))
            OR tr.id = ANY(${ids(forged)})
         ORDER BY tr.id`,
  );
  const orphans = await rows(
    app.db.db,
    sql`SELECT count(*)::int AS n FROM entries e
         WHERE e.account_id = ANY(${ids(mine)})
           AND NOT EXISTS (SELECT 1 FROM transactions tr WHERE tr.id = e.transaction_id)`,
  );
  return { accounts, journal, orphans };
}

/** Per account: the stored balance and the sum of its journal entries, as text. */
async function balancesAndJournal(accountIds: readonly string[]) {
  return rows<{ id: string; balance: string; journal: string }>(
    app.db.db,
    sql`SELECT a.id,
               (SELECT coalesce(sum(b.balance), 0) FROM account_balances b WHERE b.account_id = a.id)::text AS balance,
               (SELECT coalesce(sum(e.amount), 0) FROM entries e WHERE e.account_id = a.id)::text AS journal
          FROM accounts a WHERE a.id = ANY(${ids(accountIds)}) ORDER BY a.id`,
  );
}

/* --------------------------------------------------------------------- raw statements */

const header = (tx: Executor, id: string) => {
  if (!forged.includes(id)) forged.push(id);
  return tx.execute(sql`INSERT INTO transactions (id, kind, occurred_at) VALUES (${id}, 'adjustment', now())`);
};

/** One leg; members have one balance row (shard 0), and shard 0 exists for every account. */
const leg = (tx: Executor, transactionId: string, accountId: string, amountMinor: number, shard = 0) =>
  tx.execute(
    sql`INSERT INTO entries (transaction_id, account_id, shard, amount, occurred_at)
        VALUES (${transactionId}, ${accountId}, ${shard}::smallint, ${amountMinor}::bigint, now())`,
  );

const run = (statement: string) => (tx: Executor) => tx.execute(sql.raw(statement)).then(() => undefined);

/** Thrown by a test to roll back work the database accepted. */
class Accepted extends Error {}

/**
 * Runs the deferred checks now instead of at COMMIT, then rolls back: what a broken guard
 * lets through is seen without ever being committed.
 */
async function checkNowThenRollBack(tx: Executor): Promise<never> {
  await tx.execute(sql`SET CONSTRAINTS ALL IMMEDIATE`);
  throw new Accepted('the database accepted it');
}

interface Attempt {
  /** Runs the work after `SET LOCAL session_replication_role = replica`. */
  replica: boolean;
  /** 'statement': the offending statement fails; 'commit': it succeeds and COMMIT fails. */
  at?: 'statement' | 'commit';
  /** The CHECK constraint that must be the one refusing it. */
  constraint?: string;
  /** The work locks whole tables (TRUNCATE): see LOCK_WAIT_MAX. */
  locksTables?: boolean;
}

/**
 * How long a TRUNCATE here may wait for each table lock before it gives up and tries again.
 * On PostgreSQL other test files post into the same tables meanwhile; TRUNCATE ... CASCADE
 * takes ACCESS EXCLUSIVE locks one table at a time, so while it waits for one it blocks
 * postings on those it holds, and a posting that waited longer than deadlock_timeout (1 s)
 * could be aborted by the deadlock detector. Giving up well before then (even summed over
 * the ten or so tables a cascade locks) keeps this file out of the others' way.
 */
const LOCK_WAIT_MAX = '50ms';
const LOCK_ATTEMPTS_MAX = 200;

/** Runs `work` in one database transaction and asserts that the database refuses it. */
async function refused(
  t: Test,
  what: string,
  expected: string | readonly string[],
  attempt: Attempt,
  work: (tx: Executor) => Promise<unknown>,
): Promise<void> {
  const before = await state();
  let workDone = false;
  let role: string | undefined;
  let error: unknown;
  for (let lockAttempt = 1; lockAttempt <= LOCK_ATTEMPTS_MAX; lockAttempt++) {
    error = await app.db
      .transaction(async (tx) => {
        if (attempt.locksTables) await tx.execute(sql.raw(`SET LOCAL lock_timeout = '${LOCK_WAIT_MAX}'`));
        if (attempt.replica) {
          await tx.execute(sql`SET LOCAL session_replication_role = replica`);
          const [setting] = await rows<{ role: string }>(tx, sql`SELECT current_setting('session_replication_role') AS role`);
          role = setting?.role;
        }
        await work(tx);
        workDone = true;
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    // 55P03: a table lock was not free within LOCK_WAIT_MAX; nothing was decided yet.
    if (!(attempt.locksTables && sqlState(error) === '55P03')) break;
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
  }
  if (attempt.replica) t.equal(role, 'replica', `${what}: ran with session_replication_role = replica`);
  const found = sqlState(error);
  const wanted = typeof expected === 'string' ? [expected] : expected;
  if (error === undefined || error instanceof Accepted) {
    t.fail(`${what}: the database accepted it (wanted SQLSTATE ${wanted.join(' or ')})`);
  } else {
    t.ok(found !== undefined && wanted.includes(found), `${what}: refused with ${wanted.join(' or ')}`, {
      found,
      message: driverError(error).message ?? String(error),
    });
  }
  if (attempt.constraint) t.equal(driverError(error).constraint, attempt.constraint, `${what}: by ${attempt.constraint}`);
  if (attempt.at === 'commit') t.ok(workDone, `${what}: every statement ran; COMMIT refused it`);
  if (attempt.at === 'statement') t.notOk(workDone, `${what}: the statement itself was refused`);
  t.same(await state(), before, `${what}: nothing changed`);
}

/**
 * The contrast to a refusal: the same shape of raw SQL, within the rules, passes every check
 * (deferred ones included). Proves a refusal above is about the rule, not a malformed row.
 */
async function accepted<T>(
  t: Test,
  what: string,
  replica: boolean,
  work: (tx: Executor) => Promise<T>,
): Promise<T | undefined> {
  const before = await state();
  let seen: T | undefined;
  const error = await app.db
    .transaction(async (tx) => {
      if (replica) await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      seen = await work(tx);
      await checkNowThenRollBack(tx);
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  t.ok(error instanceof Accepted, `${what}: accepted`, {
    found: sqlState(error),
    message: error instanceof Accepted ? undefined : driverError(error).message ?? String(error),
  });
  t.same(await state(), before, `${what}: rolled back, nothing kept`);
  return seen;
}

async function storedBalance(tx: Executor, accountId: string): Promise<string | undefined> {
  const [row] = await rows<{ balance: string }>(
    tx,
    sql`SELECT coalesce(sum(balance), 0)::text AS balance FROM account_balances WHERE account_id = ${accountId}`,
  );
  return row?.balance;
}

/* ----------------------------------------------------------------------------- tests */

const MODES = [
  { replica: false, label: '' },
  { replica: true, label: ' (session_replication_role = replica)' },
] as const;

for (const { replica, label } of MODES) {
  t.test(`a recorded transaction cannot be updated, deleted or truncated${label}`, async (t) => {
    const s = { replica, at: 'statement' } as const;
    await refused(t, 'UPDATE transactions.description', 'LD001', s,
      run(`UPDATE transactions SET description = 'edited' WHERE id = '${redemption}'`));
    await refused(t, 'UPDATE transactions.occurred_at (backdating)', 'LD001', s,
      run(`UPDATE transactions SET occurred_at = occurred_at - interval '1 day' WHERE id = '${redemption}'`));
    await refused(t, 'UPDATE transactions.description to NULL', 'LD001', s,
      run(`UPDATE transactions SET description = NULL WHERE id = '${redemption}'`));
    await refused(t, 'UPDATE transactions.reference from NULL to NULL', 'LD001', s,
      run(`UPDATE transactions SET reference = NULL WHERE id = '${redemption}'`));
    await refused(t, 'UPDATE transactions.kind to the same value', 'LD001', s,
      run(`UPDATE transactions SET kind = kind WHERE id = '${redemption}'`));
    await refused(t, 'DELETE a transaction', 'LD001', s, run(`DELETE FROM transactions WHERE id = '${redemption}'`));
    const truncate = { ...s, locksTables: true };
    await refused(t, 'TRUNCATE transactions CASCADE', 'LD001', truncate, run('TRUNCATE transactions CASCADE'));
    // Without CASCADE the foreign keys refuse it before the trigger runs: refused either way.
    await refused(t, 'TRUNCATE transactions', ['0A000', 'LD001'], truncate, run('TRUNCATE transactions'));
  });

  t.test(`a recorded entry cannot be updated, deleted or truncated${label}`, async (t) => {
    const s = { replica, at: 'statement' } as const;
    const of = `transaction_id = '${redemption}'`;
    await refused(t, 'UPDATE entries.amount', 'LD001', s, run(`UPDATE entries SET amount = amount * 2 WHERE ${of}`));
    await refused(t, 'UPDATE entries.amount to the same value', 'LD001', s,
      run(`UPDATE entries SET amount = amount WHERE ${of}`));
    await refused(t, 'UPDATE entries.amount to NULL', 'LD001', s, run(`UPDATE entries SET amount = NULL WHERE ${of}`));
    await refused(t, 'UPDATE entries.account_id (moving a leg to another member)', 'LD001', s,
      run(`UPDATE entries SET account_id = '${memberB}' WHERE ${of} AND account_id = '${memberA}'`));
    await refused(t, 'UPDATE entries.account_id to the same value', 'LD001', s,
      run(`UPDATE entries SET account_id = account_id WHERE ${of}`));
    await refused(t, 'UPDATE entries.occurred_at to NULL', 'LD001', s,
      run(`UPDATE entries SET occurred_at = NULL WHERE ${of}`));
    await refused(t, 'DELETE one leg', 'LD001', s, run(`DELETE FROM entries WHERE ${of} AND account_id = '${memberA}'`));
    await refused(t, 'DELETE all legs', 'LD001', s, run(`DELETE FROM entries WHERE ${of}`));
    await refused(t, 'TRUNCATE entries', 'LD001', { ...s, locksTables: true }, run('TRUNCATE entries'));
  });

  t.test(`every transaction has at least two legs summing to zero, checked at COMMIT${label}`, async (t) => {
    const commit = { replica, at: 'commit' } as const;
    await refused(t, 'a header with no entries', 'LD002', commit, async (tx) => {
      await header(tx, newId('txn'));
    });
    await refused(t, 'a header with one entry (points out of nothing)', 'LD002', commit, async (tx) => {
      const id = newId('txn');
      await header(tx, id);
      await leg(tx, id, memberA, 10_000);
    });
    await refused(t, 'two entries that do not sum to zero', 'LD002', commit, async (tx) => {
      const id = newId('txn');
      await header(tx, id);
      await leg(tx, id, memberA, 50_000);
      await leg(tx, id, system, -40_000);
    });
    await refused(t, 'one more entry in the committed redemption', 'LD010', { replica, at: 'statement' }, async (tx) => {
      await leg(tx, redemption, memberA, 100);
    });
    // Balanced on their own, so a sum check alone lets them through: but a committed
    // transaction is history, and adding legs to it rewrites what was recorded.
    const balancedPair = 'two more entries, balanced, in the committed redemption';
    await refused(t, balancedPair, 'LD010', { replica }, async (tx) => {
      await leg(tx, redemption, memberA, 100_000);
      await leg(tx, redemption, system, -100_000);
      await checkNowThenRollBack(tx);
    });
    if (!replica) {
      await refused(t, 'balanced entries without a header', '23503', { replica, at: 'statement' }, async (tx) => {
        const id = newId('txn');
        forged.push(id);
        await leg(tx, id, memberA, 100_000);
        await leg(tx, id, system, -100_000);
        await checkNowThenRollBack(tx);
      });
    } else {
      // A replica session skips foreign keys: only the ledger's own triggers stand between
      // these legs and points that no transaction in the journal accounts for.
      await refused(t, 'balanced entries without a header', 'LD010', { replica }, async (tx) => {
        const id = newId('txn');
        forged.push(id);
        await leg(tx, id, memberA, 100_000);
        await leg(tx, id, system, -100_000);
        await checkNowThenRollBack(tx);
      });
    }
    await accepted(t, 'the contrast: a header and two legs summing to zero', replica, async (tx) => {
      const id = newId('txn');
      await header(tx, id);
      await leg(tx, id, memberA, 1_000);
      await leg(tx, id, system, -1_000);
    });
  });
}

for (const { replica, label } of MODES) {
  t.test(`a member or merchant never goes below zero; a system account may${label}`, async (t) => {
    const s = { replica, at: 'statement', constraint: 'account_balances_non_negative' } as const;
    // memberA holds 70.00 after the redemption; one fen more than that is refused.
    await refused(t, 'a raw posting taking a member to -0.01', '23514', s, async (tx) => {
      const id = newId('txn');
      await header(tx, id);
      await leg(tx, id, memberA, -7_001);
      await leg(tx, id, system, 7_001);
    });
    // The merchant's 30.00 sits on one of its 16 balance rows: taking 30.01 from row 0 takes
    // that row below zero, whichever row the 30.00 is on.
    await refused(t, 'a raw posting taking a merchant below zero', '23514', s, async (tx) => {
      const id = newId('txn');
      await header(tx, id);
      await leg(tx, id, merchant, -3_001);
      await leg(tx, id, system, 3_001);
    });
    const toZero = 'raw postings taking a member to exactly 0.00 and a system account to -70.00';
    const seen = await accepted(t, toZero, replica, async (tx) => {
      const id = newId('txn');
      await header(tx, id);
      await leg(tx, id, memberA, -7_000);
      await leg(tx, id, system, 7_000);
      const id2 = newId('txn');
      await header(tx, id2);
      await leg(tx, id2, system, -14_000);
      await leg(tx, id2, memberB, 14_000);
      return { member: await storedBalance(tx, memberA), system: await storedBalance(tx, system) };
    });
    t.same(seen, { member: '0', system: '-7000' }, 'inside that transaction: the member at 0.00, the system at -70.00');
  });

  t.test(`one statement cannot net an overdraft away${label}`, async (t) => {
    // Two transactions in one INSERT: memberA pays out 100,000.00 it does not have and gets
    // it back in the second. The net is zero, but between the two the member was below
    // zero; a statement's debits must be covered by the balance before it.
    await refused(t, 'a debit and its repayment in one statement', '23514', { replica, at: 'statement', constraint: 'account_balances_non_negative' }, async (tx) => {
      const first = newId('txn');
      const second = newId('txn');
      await header(tx, first);
      await header(tx, second);
      await tx.execute(sql`
        INSERT INTO entries (transaction_id, account_id, shard, amount, occurred_at) VALUES
          (${first}, ${memberA}, 0, -10000000, now()), (${first}, ${system}, 0, 10000000, now()),
          (${second}, ${system}, 0, -10000000, now()), (${second}, ${memberA}, 0, 10000000, now())`);
    });
  });

  t.test(`an entry needs an existing balance row${label}`, async (t) => {
    // Members have one balance row (shard 0); a balanced pair on rows 1 and 0 would move
    // points onto a row that does not exist.
    await refused(t, 'a leg on a balance row the account does not have', 'LD006', { replica, at: 'statement' }, async (tx) => {
      const id = newId('txn');
      await header(tx, id);
      await leg(tx, id, memberA, 100, 1);
      await leg(tx, id, memberA, -100, 0);
    });
  });

  t.test(`legs added after the commit-time checks ran early are still checked${label}`, async (t) => {
    await refused(t, 'a balanced transaction, SET CONSTRAINTS ALL IMMEDIATE, then one more leg', 'LD002', { replica, at: 'statement' }, async (tx) => {
      const id = newId('txn');
      await header(tx, id);
      await leg(tx, id, memberA, 1_000);
      await leg(tx, id, system, -1_000);
      await tx.execute(sql`SET CONSTRAINTS ALL IMMEDIATE`);
      await leg(tx, id, memberA, 1_000_000);
    });
  });

  t.test(`a frozen account takes no entries${label}`, async (t) => {
    const s = { replica, at: 'statement' } as const;
    await refused(t, 'a raw credit to a frozen member', 'LD004', s, async (tx) => {
      const id = newId('txn');
      await header(tx, id);
      await leg(tx, id, frozen, 1_000);
      await leg(tx, id, system, -1_000);
    });
    await refused(t, 'a raw debit from a frozen member, within its balance', 'LD004', s, async (tx) => {
      const id = newId('txn');
      await header(tx, id);
      await leg(tx, id, frozen, -1_000);
      await leg(tx, id, system, 1_000);
    });
  });

  t.test(`amounts: no entry of zero, no hold of zero or less${label}`, async (t) => {
    const s = { replica, at: 'statement' } as const;
    const zero = { ...s, constraint: 'entries_amount_nonzero' };
    await refused(t, 'an entry of 0.00 beside a balanced pair', '23514', zero, async (tx) => {
      const id = newId('txn');
      await header(tx, id);
      await leg(tx, id, memberA, 1_000);
      await leg(tx, id, system, -1_000);
      await leg(tx, id, memberB, 0);
    });
    const hold = (amountMinor: number) => async (tx: Executor) => {
      await tx.execute(
        sql`INSERT INTO holds (id, account_id, merchant_account_id, amount, expires_at)
            VALUES (${newId('hold')}, ${memberA}, ${merchant}, ${amountMinor}::bigint, now() + interval '15 minutes')`,
      );
    };
    await refused(t, 'a hold of 0.00', '23514', { ...s, constraint: 'holds_amount_positive' }, hold(0));
    await refused(t, 'a hold of -10.00', '23514', { ...s, constraint: 'holds_amount_positive' }, hold(-1_000));
    await accepted(t, 'the contrast: a hold of 0.01', replica, async (tx) => {
      await hold(1)(tx);
    });
  });

  t.test(`an account keeps its kind and is never deleted${label}`, async (t) => {
    const s = { replica, at: 'statement' } as const;
    await refused(t, 'a member made a system account (which may go negative)', 'LD001', s,
      run(`UPDATE accounts SET kind = 'system' WHERE id = '${memberA}'`));
    await refused(t, 'a merchant made a member', 'LD001', s,
      run(`UPDATE accounts SET kind = 'member' WHERE id = '${merchant}'`));
    await refused(t, "a merchant's balance rows re-counted", 'LD001', s,
      run(`UPDATE accounts SET balance_shards = 1 WHERE id = '${merchant}'`));
    await refused(t, 'DELETE an account with entries', 'LD001', s, run(`DELETE FROM accounts WHERE id = '${memberA}'`));
    await refused(t, 'DELETE an account', 'LD001', s, run(`DELETE FROM accounts WHERE id = '${system}'`));
    await refused(t, 'TRUNCATE accounts CASCADE', 'LD001', { ...s, locksTables: true }, run('TRUNCATE accounts CASCADE'));
    await accepted(t, 'the contrast: renaming an account', replica, async (tx) => {
      await tx.execute(sql`UPDATE accounts SET name = 'renamed', kind = kind WHERE id = ${memberA}`);
    });
  });
}

t.test('balance rows move only with entries', async (t) => {
  // account_balances is what every posting checks, and what balances are read from: if it can
  // be written apart from the journal, it stops being the sum of the entries.
  const s = { replica: false } as const;
  await refused(t, 'UPDATE a member balance by +1000.00 with no entry', 'LD012', s, async (tx) => {
    await tx.execute(sql`UPDATE account_balances SET balance = balance + 100000 WHERE account_id = ${memberA}`);
    await checkNowThenRollBack(tx);
  });
  await refused(t, 'UPDATE a member balance row to allow_negative', 'LD012', s, async (tx) => {
    await tx.execute(sql`UPDATE account_balances SET allow_negative = true WHERE account_id = ${memberA}`);
    await checkNowThenRollBack(tx);
  });
  await refused(t, "DELETE a member's balance row", 'LD012', s, async (tx) => {
    await tx.execute(sql`DELETE FROM account_balances WHERE account_id = ${memberA}`);
    await checkNowThenRollBack(tx);
  });
  await refused(t, 'INSERT a second balance row holding 1000.00 for a member', 'LD012', s, async (tx) => {
    await tx.execute(
      sql`INSERT INTO account_balances (account_id, shard, balance, allow_negative) VALUES (${memberA}, 1, 100000, false)`,
    );
    await checkNowThenRollBack(tx);
  });
});

t.test('after a mix of API postings, every balance is the sum of its entries', async (t) => {
  // A category of this file's own, so its issuance account sees only these earnings and the
  // accounts below form a closed set whose balances must sum to zero.
  const category = `inv_${process.pid}_${Date.now().toString(36)}`;
  const cat = await c.post('/v1/categories', { code: category, name: `invariants ${category}` });
  t.equal(cat.statusCode, 201, 'a category of our own');
  const issuance = cat.json().issuanceAccountId as string;
  const [m1, m2, m3] = [await open('member', 'R'), await open('member', 'R'), await open('member', 'R')];
  const [s1, s2] = [await open('merchant', 'S'), await open('merchant', 'S')];
  const pool = await open('system', 'SYS-POOL');

  const postings: [string, Record<string, unknown>][] = [
    ['/v1/earnings', { accountId: m1, amount: '100', category }],
    ['/v1/earnings', { accountId: m1, amount: '12.34', category }],
    ['/v1/earnings', { accountId: m2, amount: '80.5', category }],
    ['/v1/earnings', { accountId: m3, amount: '40.25', category }],
    ['/v1/redemptions', { accountId: m1, merchantAccountId: s1, amount: '30.00' }],
    ['/v1/redemptions', { accountId: m2, merchantAccountId: s1, amount: '10.10' }],
    ['/v1/redemptions', { accountId: m2, merchantAccountId: s2, amount: '20.20' }],
    ['/v1/redemptions', { accountId: m3, merchantAccountId: s2, amount: '5.05' }],
    ['/v1/transfers', { fromAccountId: m1, toAccountId: m2, amount: '7.77' }],
    ['/v1/transfers', { fromAccountId: m2, toAccountId: m3, amount: '1.01' }],
    ['/v1/transfers', { fromAccountId: m3, toAccountId: pool, amount: '2.02' }],
    // Debits a merchant spread over 16 balance rows: ledger_post gathers them first.
    ['/v1/transactions', { entries: [{ accountId: s1, amount: '-3.00' }, { accountId: m1, amount: '3.00' }], description: 'refund' }],
    ['/v1/transactions', { entries: [{ accountId: pool, amount: '-1.00' }, { accountId: m2, amount: '1' }], description: 'gift' }],
  ];
  for (const [url, body] of postings) {
    const res = await c.post(url, body);
    t.equal(res.statusCode, 201, `POST ${url} ${JSON.stringify(body)}`);
  }
  const overdraft = await c.post('/v1/redemptions', { accountId: m3, merchantAccountId: s2, amount: '34.20' });
  t.equal(overdraft.statusCode, 422, 'an overdraft is refused');
  t.equal(overdraft.json().code, 'insufficient_funds');

  const expected: Record<string, string> = {
    [m1]: '77.57',
    [m2]: '57.96',
    [m3]: '34.19',
    [s1]: '37.10',
    [s2]: '25.25',
    [pool]: '1.02',
    [issuance]: '-233.09',
  };
  for (const [id, balance] of Object.entries(expected)) {
    t.equal(await fx.balance(id), balance, `${id}: ${balance} through the API`);
  }
  const all = Object.keys(expected);
  const found = await balancesAndJournal(all);
  t.equal(found.length, all.length, 'every account read');
  for (const row of found) t.equal(row.balance, row.journal, `${row.id}: stored balance ${row.balance} = sum of entries`);
  const [total] = await rows<{ balance: string; journal: string }>(
    app.db.db,
    sql`SELECT (SELECT coalesce(sum(balance), 0) FROM account_balances WHERE account_id = ANY(${ids(all)}))::text AS balance,
               (SELECT coalesce(sum(amount), 0) FROM entries WHERE account_id = ANY(${ids(all)}))::text AS journal`,
  );
  t.same(total, { balance: '0', journal: '0' }, 'the closed set of accounts sums to zero, stored and journalled');
});

t.test("after every refused attempt, this file's balances are still the sums of their entries", async (t) => {
  const found = await balancesAndJournal(mine);
  t.equal(found.length, mine.length);
  for (const row of found) t.equal(row.balance, row.journal, `${row.id}: ${row.balance} = ${row.journal}`);
  t.same(
    Object.fromEntries(await Promise.all(mine.map(async (id) => [id, await fx.balance(id)]))),
    { [memberA]: '70.00', [memberB]: '50.00', [frozen]: '20.00', [merchant]: '30.00', [system]: '0.00' },
    'balances as the API set them up',
  );
  const [forgedRows] = await rows<{ n: number }>(
    app.db.db,
    sql`SELECT count(*)::int AS n FROM transactions WHERE id = ANY(${ids(forged)})`,
  );
  t.equal(forgedRows?.n, 0, `none of the ${forged.length} hand-written transaction ids exists`);
});
