/**
 * Group commit (migration 0009, src/db/throughput/group-commit.ts): postings that arrive while the database
 * is busy are written together, one ledger_post_batch call and one database transaction for
 * the lot. These tests check that sharing a commit changes no answer: every request in a
 * mixed burst gets the answer it would get alone, balances stay equal to their journal
 * entries, postings really do share transactions, and a batch the database refuses as a
 * whole falls back to writing its postings one by one, so that only the posting at fault fails.
 *
 * Runs on the embedded PostgreSQL (DATABASE_URL unset) and on a PostgreSQL server (DATABASE_URL set).
 */
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import t from 'tap';
import { AccountGate } from '../../src/db/throughput/account-gate.js';
import { PostingBatcher, PostingRefused } from '../../src/db/throughput/group-commit.js';
import { driverError, rows } from '../../src/db/client.js';
import { arrayLiteral } from '../../src/db/sql.js';
import type { PostingRecord } from '../../src/db/transactions.js';
import { newId } from '../../src/ledger/ids.js';
import { engine, fixture } from '../helpers/app.js';
import {
  expectProblem,
  getAccount,
  MISSING_ACCOUNT_ID,
  minor,
  money,
  type TransactionView,
  uniqueCategoryCode,
} from '../helpers/contract.js';
import { buildWorkflowApp, patchStatus, postOk } from '../helpers/workflows.js';

t.comment(`engine: ${engine}`);

const { app, c } = await buildWorkflowApp();
t.teardown(() => app.close());
const f = fixture(c);

/* ------------------------------------------------------------------- reading the database */

const ids = (list: readonly string[]) => sql`${arrayLiteral(list)}::text[]`;

/** Stored balance (summed over the account's balance rows) and journal sum, per account, in minor units. */
async function storedAndJournal(accountIds: readonly string[]): Promise<Map<string, { stored: bigint; journal: bigint }>> {
  const found = await rows<{ id: string; stored: string; journal: string }>(
    app.db.db,
    sql`SELECT a.id,
               (SELECT coalesce(sum(b.balance), 0) FROM account_balances b WHERE b.account_id = a.id)::text AS stored,
               (SELECT coalesce(sum(e.amount), 0) FROM entries e WHERE e.account_id = a.id)::text AS journal
          FROM accounts a WHERE a.id = ANY(${ids(accountIds)})`,
  );
  return new Map(found.map((r) => [r.id, { stored: BigInt(r.stored), journal: BigInt(r.journal) }]));
}

/**
 * Accounts anywhere in the database whose stored balance differs from the sum of their
 * entries. One statement, one snapshot: other test files posting meanwhile cannot make it
 * differ, since a posting writes its entries and its balances in one database transaction.
 */
async function unbalancedAccounts(): Promise<string[]> {
  const found = await rows<{ id: string }>(
    app.db.db,
    sql`SELECT a.id FROM accounts a
         WHERE (SELECT coalesce(sum(b.balance), 0) FROM account_balances b WHERE b.account_id = a.id)
            <> (SELECT coalesce(sum(e.amount), 0) FROM entries e WHERE e.account_id = a.id)`,
  );
  return found.map((r) => r.id);
}

/** How many database transactions wrote these transaction headers. */
async function writtenBy(transactionIds: readonly string[]): Promise<number> {
  const [row] = await rows<{ n: number }>(
    app.db.db,
    sql`SELECT count(DISTINCT xmin::text)::int AS n FROM transactions WHERE id = ANY(${ids(transactionIds)})`,
  );
  return row?.n ?? -1;
}

/** Which of these transaction ids exist. */
async function existing(transactionIds: readonly string[]): Promise<string[]> {
  const found = await rows<{ id: string }>(
    app.db.db,
    sql`SELECT id FROM transactions WHERE id = ANY(${ids(transactionIds)}) ORDER BY id`,
  );
  return found.map((r) => r.id);
}

async function entriesOf(accountId: string): Promise<{ transactionId: string; amount: bigint }[]> {
  const found = await rows<{ transactionId: string; amount: string }>(
    app.db.db,
    sql`SELECT transaction_id AS "transactionId", amount::text AS amount FROM entries WHERE account_id = ${accountId} ORDER BY id`,
  );
  return found.map((r) => ({ transactionId: r.transactionId, amount: BigInt(r.amount) }));
}

/** Account ids whose stored balance differs from their journal. */
async function mismatched(accountIds: readonly string[]): Promise<string[]> {
  const found = await storedAndJournal(accountIds);
  return accountIds.filter((id) => {
    const row = found.get(id);
    return !row || row.stored !== row.journal;
  });
}

/**
 * Fires a burst while another database transaction is open, the way a keyed request's
 * transaction keeps the database busy between its statements: the open transaction holds
 * one pool connection and blocks nobody, and the requests overlap on the pool.
 */
async function burstWhileBusy<T>(fire: () => Promise<T>): Promise<T> {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let opened = () => {};
  const open = new Promise<void>((resolve) => (opened = resolve));
  const holder = app.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT 1`);
    opened();
    await gate;
  });
  await open;
  const burst = fire();
  // Long enough for every request to reach the ledger and queue.
  await new Promise((resolve) => setTimeout(resolve, 150));
  release();
  await holder;
  return burst;
}

/** A deterministic shuffle, so that the kinds of request are interleaved in the burst. */
function interleave<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/* ------------------------------------------------------------- 1 and 2: a mixed burst */

t.test('a burst of 60 keyless redemptions: each gets its own right answer, and they share commits', async (t) => {
  const shop = await f.merchant();
  const otherShop = await f.merchant();

  // 36 members who can each afford their one basket; amounts differ so that a mix-up shows.
  const singles = await Promise.all(Array.from({ length: 36 }, () => f.member('50.00')));
  const singleAmount = (i: number) => `${1 + (i % 9)}.${String((i * 7) % 100).padStart(2, '0')}`;
  // 25.00 covers floor(25.00 / 7.00) = 3 of 8 baskets of 7.00.
  const tight = await f.member('25.00');
  // 10.00 covers exactly 4 of 6 baskets of 2.50, down to 0.00.
  const exact = await f.member('10.00');
  const frozen = await f.member('20.00');
  t.equal((await patchStatus(c, frozen.id, 'frozen')).statusCode, 200, 'a member frozen before the burst');

  type Expect = 'ok' | 'tight' | 'exact' | 'frozen' | 'unknown' | 'wrong_kind';
  interface Req {
    body: { accountId: string; merchantAccountId: string; amount: string; description: string };
    expect: Expect;
  }
  const reqs: Req[] = [
    ...singles.map((m, i) => ({
      body: { accountId: m.id, merchantAccountId: shop.id, amount: singleAmount(i), description: `single ${i}` },
      expect: 'ok' as const,
    })),
    ...Array.from({ length: 8 }, (_, i) => ({
      body: { accountId: tight.id, merchantAccountId: shop.id, amount: '7.00', description: `tight ${i}` },
      expect: 'tight' as const,
    })),
    ...Array.from({ length: 6 }, (_, i) => ({
      body: { accountId: exact.id, merchantAccountId: shop.id, amount: '2.50', description: `exact ${i}` },
      expect: 'exact' as const,
    })),
    ...Array.from({ length: 4 }, (_, i) => ({
      body: { accountId: frozen.id, merchantAccountId: shop.id, amount: '1.00', description: `frozen ${i}` },
      expect: 'frozen' as const,
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      body: { accountId: MISSING_ACCOUNT_ID, merchantAccountId: shop.id, amount: '1.00', description: `unknown ${i}` },
      expect: 'unknown' as const,
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      body: { accountId: otherShop.id, merchantAccountId: shop.id, amount: '1.00', description: `wrong kind ${i}` },
      expect: 'wrong_kind' as const,
    })),
  ];
  t.equal(reqs.length, 60, '60 requests in the burst');
  const burst = interleave(reqs);

  const watched = [shop.id, otherShop.id, tight.id, exact.id, frozen.id, ...singles.map((m) => m.id)];
  const before = new Map<string, bigint>();
  for (const id of watched) before.set(id, minor((await getAccount(c, id)).balance));

  const responses: LightMyRequestResponse[] = await burstWhileBusy(() => Promise.all(burst.map((r) => c.post('/v1/redemptions', r.body))));

  const succeeded: { req: Req; txn: TransactionView }[] = [];
  const tightOutcomes: number[] = [];
  const exactOutcomes: number[] = [];
  responses.forEach((res, i) => {
    const req = burst[i] as Req;
    const label = req.body.description;
    if (req.expect === 'tight' || req.expect === 'exact') {
      (req.expect === 'tight' ? tightOutcomes : exactOutcomes).push(res.statusCode);
      if (res.statusCode === 201) succeeded.push({ req, txn: res.json() as TransactionView });
      else {
        t.test(`${label}: refused for want of points`, async (t) => expectProblem(t, res, 422, 'insufficient_funds'));
      }
      return;
    }
    switch (req.expect) {
      case 'ok': {
        if (!t.equal(res.statusCode, 201, `${label}: 201; got ${res.statusCode} ${res.body.slice(0, 200)}`)) return;
        succeeded.push({ req, txn: res.json() as TransactionView });
        return;
      }
      case 'frozen':
        t.test(`${label}: frozen member`, async (t) => expectProblem(t, res, 422, 'account_not_active'));
        return;
      case 'unknown':
        t.test(`${label}: unknown account`, async (t) => expectProblem(t, res, 404, 'not_found'));
        return;
      case 'wrong_kind':
        t.test(`${label}: merchant in the member's place`, async (t) => expectProblem(t, res, 400, 'validation_failed', { paths: ['accountId'] }));
        return;
      default:
        t.fail(`unexpected ${req.expect}`);
    }
  });

  t.same(
    [tightOutcomes.filter((s) => s === 201).length, tightOutcomes.filter((s) => s === 422).length],
    [3, 5],
    '25.00 for 8 baskets of 7.00: exactly 3 charged, 5 refused',
  );
  t.same(
    [exactOutcomes.filter((s) => s === 201).length, exactOutcomes.filter((s) => s === 422).length],
    [4, 2],
    '10.00 for 6 baskets of 2.50: exactly 4 charged, 2 refused',
  );
  t.equal(succeeded.length, 36 + 3 + 4, '43 redemptions succeeded in all');

  // Each success answers its own request: its member, its shop, its amount, its description.
  for (const { req, txn } of succeeded) {
    const amount = minor(req.body.amount);
    const wanted = [
      { accountId: req.body.accountId, amount: money(-amount) },
      { accountId: shop.id, amount: money(amount) },
    ];
    const got = [...txn.entries].sort((a, b) => minor(a.amount) < minor(b.amount) ? -1 : 1);
    if (
      txn.kind !== 'redemption' ||
      txn.description !== req.body.description ||
      minor(txn.amount) !== amount ||
      JSON.stringify(got) !== JSON.stringify(wanted)
    ) {
      t.fail(`${req.body.description} was answered with another posting: ${JSON.stringify(txn)}`);
    }
  }
  t.pass('every 201 describes exactly the redemption its request asked for');
  const successIds = succeeded.map((s) => s.txn.id);
  t.equal(new Set(successIds).size, successIds.length, 'every success has its own transaction id');
  t.same(await existing(successIds), [...successIds].sort(), 'every answered transaction is stored');

  // Balances afterwards: opening minus what was charged, through the API and in the database.
  const charged = new Map<string, bigint>();
  for (const { req } of succeeded) {
    const amount = minor(req.body.amount);
    charged.set(req.body.accountId, (charged.get(req.body.accountId) ?? 0n) + amount);
    charged.set(shop.id, (charged.get(shop.id) ?? 0n) + amount);
  }
  t.equal(charged.get(shop.id), succeeded.reduce((s, x) => s + minor(x.req.body.amount), 0n), 'the shop is owed the sum of the successes');
  const after = new Map<string, bigint>();
  for (const id of watched) after.set(id, minor((await getAccount(c, id)).balance));
  const wrong: string[] = [];
  for (const id of watched) {
    const isShop = id === shop.id;
    const expected = (before.get(id) ?? 0n) + (isShop ? 1n : -1n) * (charged.get(id) ?? 0n);
    if (after.get(id) !== expected) wrong.push(`${id}: ${money(after.get(id) ?? 0n)}, expected ${money(expected)}`);
  }
  t.same(wrong, [], 'every balance is its opening balance minus (or, for the shop, plus) the successful redemptions');
  t.equal(after.get(tight.id), minor('4.00'), 'the tight member keeps 25.00 - 3 x 7.00 = 4.00');
  t.equal(after.get(exact.id), 0n, 'the exact member is at 0.00');
  t.equal(after.get(frozen.id), minor('20.00'), 'the frozen member still has 20.00');
  t.equal(after.get(otherShop.id), 0n, 'the merchant sent in the member place paid nothing');
  t.equal((await entriesOf(tight.id)).filter((e) => e.amount < 0n).length, 3, 'the tight member has exactly 3 debit entries');
  t.equal((await entriesOf(exact.id)).filter((e) => e.amount < 0n).length, 4, 'the exact member has exactly 4 debit entries');
  t.equal((await entriesOf(frozen.id)).filter((e) => e.amount < 0n).length, 0, 'the frozen member has no debit entry');
  t.same(await mismatched(watched), [], "each of this test's accounts: stored balance = sum of its entries");
  t.same(await unbalancedAccounts(), [], 'every account in the database: stored balance = sum of its entries');

  // 2. Batching happened: postings committed together share a database transaction (xmin).
  const fundingIds = await rows<{ id: string }>(
    app.db.db,
    sql`SELECT DISTINCT e.transaction_id AS id FROM entries e
         WHERE e.account_id = ANY(${ids([tight.id, exact.id, frozen.id])}) AND e.amount > 0`,
  );
  t.equal(fundingIds.length, 3, 'three funding earnings, posted one request at a time');
  t.equal(await writtenBy(fundingIds.map((r) => r.id)), 3, 'postings sent one at a time have a database transaction each (the xmin check tells them apart)');
  const transactions = await writtenBy(successIds);
  t.comment(`${successIds.length} successful redemptions were written by ${transactions} database transactions`);
  t.ok(transactions >= 1 && transactions < successIds.length, `the burst shared commits: ${transactions} database transactions for ${successIds.length} postings`);
  t.ok(transactions <= successIds.length / 2, 'on average at least two postings per commit');
});

/* ------------------------------------------------------------------ 4: an earning burst */

t.test('a burst of 40 keyless earnings from one category: all credited, the issuance account moves by the total', async (t) => {
  const code = uniqueCategoryCode('gc');
  const category = await postOk<{ issuanceAccountId: string }>(c, '/v1/categories', { code, name: 'group commit test' });
  const issuance = category.issuanceAccountId;
  const members = await Promise.all(Array.from({ length: 30 }, () => f.member()));
  const regular = await f.member();
  // 30 members once each, and one member ten times: ten credits to one balance row, likely in one statement.
  const items = [
    ...members.map((m, i) => ({ accountId: m.id, amount: `${2 + (i % 5)}.${String(i * 3).padStart(2, '0')}` })),
    ...Array.from({ length: 10 }, (_, i) => ({ accountId: regular.id, amount: `0.${String(11 + i)}` })),
  ];
  const total = items.reduce((s, i) => s + minor(i.amount), 0n);
  const [beforeIssuance] = (await storedAndJournal([issuance])).values();
  t.equal(beforeIssuance?.stored, 0n, 'a new category starts with an empty issuance account');

  const responses = await burstWhileBusy(() => Promise.all(
    interleave(items, 11).map((item) => c.post('/v1/earnings', { ...item, category: code, description: `shift ${item.accountId}` }).then((res) => ({ item, res }))),
  ));
  const bad = responses.filter(({ res }) => res.statusCode !== 201).map(({ res }) => `${res.statusCode} ${res.body.slice(0, 160)}`);
  t.same(bad, [], 'every earning answered 201');
  const mixups = responses.filter(({ item, res }) => {
    if (res.statusCode !== 201) return false;
    const txn = res.json() as TransactionView;
    return (
      txn.kind !== 'earning' ||
      txn.category !== code ||
      minor(txn.amount) !== minor(item.amount) ||
      !txn.entries.some((e) => e.accountId === item.accountId && minor(e.amount) === minor(item.amount)) ||
      !txn.entries.some((e) => e.accountId === issuance && minor(e.amount) === -minor(item.amount))
    );
  });
  t.equal(mixups.length, 0, 'every 201 is the earning its request asked for');

  const after = await storedAndJournal([issuance, regular.id, ...members.map((m) => m.id)]);
  t.equal(after.get(issuance)?.stored, -total, `the issuance account's rows sum to -${money(total)}: moved by exactly the total`);
  t.equal(after.get(issuance)?.journal, -total, 'and so do its entries');
  t.equal(minor((await getAccount(c, issuance)).balance), -total, 'the API shows the same issuance balance');
  t.equal(after.get(regular.id)?.stored, items.slice(30).reduce((s, i) => s + minor(i.amount), 0n), 'ten credits to one member add up');
  t.same(
    members.map((m) => after.get(m.id)?.stored),
    items.slice(0, 30).map((i) => minor(i.amount)),
    'each of the 30 members holds exactly its one earning',
  );
  t.same(await mismatched([...after.keys()]), [], 'stored balance = sum of entries for every account involved');
  const earned = responses.map(({ res }) => (res.json() as TransactionView).id);
  const transactions = await writtenBy(earned);
  t.comment(`40 earnings were written by ${transactions} database transactions`);
  t.ok(transactions < earned.length, 'the earnings shared commits');
});

/* -------------------------------------------------------- 3: a batch refused as a whole */

t.test('PostingBatcher: a batch the database refuses as a whole is written one by one; only the culprit fails', async (t) => {
  const code = uniqueCategoryCode('gcb');
  const category = await postOk<{ issuanceAccountId: string; code: string }>(c, '/v1/categories', { code, name: 'batcher test' });
  const issuance = category.issuanceAccountId;
  const shop = await f.merchant();
  const poor = await f.member('1.00');

  let batcherNow: Date | undefined;
  const logged: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });
  const batcher = new PostingBatcher({
    maxBatch: 100,
    maxInFlight: 1,
    aside: new AccountGate(2, 5000),
    run: (work, o) => app.db.autocommit(work, o),
    // The service's clock as the batcher reads it; unset, the machine's.
    now: () => batcherNow ?? new Date(),
    logger,
  });

  const earning = (accountId: string, amountMinor: bigint, categoryCode: string): PostingRecord => ({
    id: newId('txn'),
    kind: 'earning',
    occurredAt: undefined,
    description: `batcher test ${amountMinor}`,
    reference: null,
    categoryCode,
    reversesTransactionId: null,
    holdId: null,
    metadata: {},
    receipt: null,
    postedByKeyId: null,
    postedByRole: 'admin',
    legs: [
      { accountId: issuance, amountMinor: -amountMinor, kinds: ['system'] },
      { accountId, amountMinor, kinds: ['member'] },
    ],
  });
  const redemption = (accountId: string, amountMinor: bigint): PostingRecord => ({
    ...earning(accountId, amountMinor, code),
    kind: 'redemption',
    categoryCode: null,
    legs: [
      { accountId, amountMinor: -amountMinor, kinds: ['member'] },
      { accountId: shop.id, amountMinor, kinds: ['merchant'] },
    ],
  });
  type Settled = { ok: true; recordedAt: string } | { ok: false; error: unknown };
  const settle = (p: Promise<{ recordedAt: string }>): Promise<Settled> =>
    p.then((w) => ({ ok: true as const, recordedAt: w.recordedAt }), (error: unknown) => ({ ok: false as const, error }));

  await t.test('control: postings queued behind a busy slot go as one batch, in one database transaction', async (t) => {
    const members = await Promise.all(Array.from({ length: 5 }, () => f.member()));
    const first = earning((members[0] as { id: string }).id, 101n, code);
    const queued = members.slice(1).map((m, i) => earning(m.id, 202n + BigInt(i), code));
    const from = logged.length;
    // The first takes the only slot at once; the others, posted in the same tick, wait for it.
    const firstDone = settle(batcher.post(first));
    const queuedDone = queued.map((r) => settle(batcher.post(r)));
    const results = await Promise.all([firstDone, ...queuedDone]);
    t.same(results.map((r) => r.ok), [true, true, true, true, true], 'all five written');
    t.equal(await writtenBy(queued.map((r) => r.id)), 1, 'the four queued postings share one database transaction');
    t.equal(await writtenBy([first.id, (queued[0] as PostingRecord).id]), 2, 'the first went alone, before them');
    t.same(logged.slice(from), [], 'nothing logged: no fallback');
    const stored = await storedAndJournal(members.map((m) => m.id));
    t.same(
      members.map((m) => stored.get(m.id)?.stored),
      [101n, 202n, 203n, 204n, 205n],
      'each member credited its own amount',
    );
  });

  await t.test("the batcher's clock decides hold expiry in the database (p_now), alone and in a batch", async (t) => {
    // Each member's 1.00 is held until ten minutes from now; a redemption of 1.00 fits only once
    // the hold has expired, which by the database's own clock it has not.
    const members = await Promise.all(Array.from({ length: 3 }, () => f.member('1.00')));
    const expiresAt = new Date(Date.now() + 10 * 60_000);
    for (const m of members) {
      await postOk(c, '/v1/holds', { accountId: m.id, merchantAccountId: shop.id, amount: '1.00', expiresAt: expiresAt.toISOString() });
    }
    const burst = async () => {
      const [first, ...queued] = members.map((m) => redemption(m.id, 100n));
      // As in the control: the first goes alone (ledger_post), the others as one batch (ledger_post_batch).
      const done = [first as PostingRecord, ...queued].map((r) => settle(batcher.post(r)));
      return { results: await Promise.all(done), queued };
    };

    const before = await burst();
    t.same(
      before.results.map((r) => (r.ok ? 'written' : driverError(r.error).code)),
      ['LD003', 'LD003', 'LD003'],
      'by the machine clock the holds reserve everything: each refused, alone and batched',
    );

    batcherNow = expiresAt;
    try {
      const after = await burst();
      t.same(after.results.map((r) => r.ok), [true, true, true], 'at expiresAt by the batcher\'s clock, each is written');
      t.equal(await writtenBy(after.queued.map((r) => r.id)), 1, 'the queued two shared one ledger_post_batch call');
    } finally {
      batcherNow = undefined;
    }
    const stored = await storedAndJournal(members.map((m) => m.id));
    t.same(members.map((m) => stored.get(m.id)?.stored), [0n, 0n, 0n], 'each member spent the 1.00 once');
  });

  await t.test('one earning with an unknown category (a foreign-key violation no check foresees) among good postings', async (t) => {
    const members = await Promise.all(Array.from({ length: 6 }, () => f.member()));
    const id = (i: number) => (members[i] as { id: string }).id;
    const issuanceBefore = (await storedAndJournal([issuance])).get(issuance)?.stored ?? 0n;
    const shopBefore = (await storedAndJournal([shop.id])).get(shop.id)?.stored ?? 0n;

    const first = earning(id(0), 300n, code);
    const good = [earning(id(1), 301n, code), earning(id(2), 302n, code), earning(id(3), 303n, code), earning(id(4), 304n, code)];
    const culprit = earning(id(5), 999n, 'no_such_category');
    // Refused by the checks anyway (1.00 available, 5.00 needed): must still be refused after the fallback.
    const tooMuch = redemption(poor.id, 500n);
    const batch = [good[0], good[1], culprit, good[2], tooMuch, good[3]] as PostingRecord[];

    const from = logged.length;
    const firstDone = settle(batcher.post(first));
    const batchDone = batch.map((r) => settle(batcher.post(r)));
    const [firstResult, ...results] = await Promise.all([firstDone, ...batchDone]);
    t.ok(firstResult?.ok, 'the posting ahead of the batch was written');

    const warnings = logged.slice(from);
    t.equal(warnings.length, 1, 'one warning: the batch failed as a whole once');
    t.match(warnings[0], { msg: /failed as a whole/, postings: 6 }, 'the six queued postings went as one batch and failed together');

    const byId = new Map(batch.map((r, i) => [r.id, results[i] as Settled]));
    for (const r of good) {
      const result = byId.get(r.id);
      t.ok(result?.ok, `good posting ${r.description} resolved`);
      if (result?.ok) t.match(result.recordedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'with its recordedAt');
    }
    const culpritResult = byId.get(culprit.id);
    t.notOk(culpritResult?.ok, 'the posting with the unknown category rejected');
    if (culpritResult && !culpritResult.ok) {
      t.notOk(culpritResult.error instanceof PostingRefused, "with the driver's error, not a batch refusal");
      t.equal(driverError(culpritResult.error).code, '23503', 'SQLSTATE 23503 (foreign-key violation)');
    }
    const tooMuchResult = byId.get(tooMuch.id);
    t.notOk(tooMuchResult?.ok, 'the redemption beyond the balance rejected');
    if (tooMuchResult && !tooMuchResult.ok) {
      t.equal(driverError(tooMuchResult.error).code, 'LD003', "refused by ledger_post's funds check (LD003)");
    }

    // What the database holds.
    t.same(await existing(good.map((r) => r.id)), good.map((r) => r.id).sort(), 'the four good postings are stored');
    t.same(await existing([culprit.id, tooMuch.id]), [], 'neither refused posting left a header');
    t.same(await entriesOf(id(5)), [], 'the member of the refused earning has no entry');
    const stored = await storedAndJournal([...members.map((m) => m.id), issuance, poor.id, shop.id]);
    t.same(
      members.map((m) => stored.get(m.id)?.stored),
      [300n, 301n, 302n, 303n, 304n, 0n],
      'each good posting credited its member; the refused one credited nothing',
    );
    t.equal(stored.get(issuance)?.stored, issuanceBefore - (300n + 301n + 302n + 303n + 304n), 'the issuance account paid for the written ones only');
    t.equal(stored.get(poor.id)?.stored, 100n, 'the poor member still has 1.00');
    t.equal(stored.get(shop.id)?.stored, shopBefore, 'the shop received nothing');
    t.same(await mismatched([...stored.keys()]), [], 'stored balance = sum of entries for every account involved');
    t.equal(await writtenBy(good.map((r) => r.id)), 4, 'after the failed batch, each good posting was written on its own');
  });
});
