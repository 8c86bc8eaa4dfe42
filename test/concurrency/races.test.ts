/**
 * Many terminals charging at the same moment, through the HTTP API: the requests run on a
 * pool of 8 connections and contend for real row locks.
 */
import type { LightMyRequestResponse } from 'fastify';
import t, { type Test } from 'tap';
import { buildTestApp, client, engine, fixture, uniqueCode } from '../helpers/app.js';

t.comment(`engine: ${engine}`);

/**
 * The app's own log at warn and above, as raw JSON lines. A 500 is logged as an error, and a
 * database transaction retried after a deadlock or a serialization failure is logged with
 * its SQLSTATE: a retry would otherwise hide a deadlock behind a 201.
 */
const logLines: string[] = [];
interface LogLine {
  level: number;
  msg?: string;
  sqlState?: string;
  job?: string;
  err?: { message?: string };
}
const app = await buildTestApp({}, { logger: { level: 'warn', stream: { write: (line: string) => void logLines.push(line) } } });
t.teardown(() => app.close());
const c = client(app);
const fx = fixture(c);

/** Amounts as the API writes them ("12.30", "-0.05"), in minor units, without the code under test. */
function minor(text: string): bigint {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  if (!match) throw new Error(`not an amount: ${text}`);
  const value = BigInt(match[2] as string) * 100n + BigInt(match[3] as string);
  return match[1] ? -value : value;
}
function text(minorUnits: bigint): string {
  const abs = minorUnits < 0n ? -minorUnits : minorUnits;
  return `${minorUnits < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** How many responses had each status, and each problem code. */
function tally(responses: LightMyRequestResponse[]): { statuses: Record<string, number>; codes: Record<string, number> } {
  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  for (const res of responses) {
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    if (res.statusCode >= 400) {
      const code = String(res.json().code);
      codes[code] = (codes[code] ?? 0) + 1;
    }
  }
  return { statuses, codes };
}

/**
 * Runs `tasks` with at most `limit` of them in flight at any moment, and answers their results
 * in task order.
 */
async function inFlight<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

const ERROR_LEVEL = 50;
const LOCK_STATES = new Set(['40P01', '40001']);
const LOCK_MESSAGE = /deadlock detected|could not serialize access/i;

/**
 * Whether a log line reports a deadlock or a serialization failure anywhere in it: the
 * retry's own `sqlState`, or an error's `code` or `message`, however deeply it is wrapped.
 */
function lockTrouble(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, v]) =>
    typeof v === 'string'
      ? ((key === 'sqlState' || key === 'code') && LOCK_STATES.has(v)) || (key === 'message' && LOCK_MESSAGE.test(v))
      : lockTrouble(v),
  );
}

/**
 * Asserts that since `from` nothing was logged as an error (no 500) and nothing anywhere in
 * the app met a deadlock or a serialization failure, retried or not. Other warnings are not
 * this test's business; they are shown as comments so that they are not lost.
 */
function quietSince(t: Test, from: number): void {
  const lines = logLines.slice(from).map((line) => JSON.parse(line) as LogLine);
  const summary = (l: LogLine) =>
    `level ${l.level}: ${l.msg ?? ''}${l.sqlState ? ` [${l.sqlState}]` : ''}${l.job ? ` (${l.job})` : ''}` +
    `${l.err?.message ? `: ${l.err.message.slice(-160)}` : ''}`;
  t.same(lines.filter((l) => l.level >= ERROR_LEVEL).map(summary), [], 'no error logged (no 500)');
  t.same(lines.filter(lockTrouble).map(summary), [], 'no deadlock or serialization failure, not even a retried one');
  // Grouped by message, without the query text and parameters a failed query's message starts with.
  const others = new Map<string, number>();
  for (const l of lines.filter((l) => l.level < ERROR_LEVEL && !lockTrouble(l))) {
    const key = `${l.msg ?? ''}${l.job ? ` (${l.job})` : ''}: ${l.err?.message?.split(': ').pop() ?? ''}`;
    others.set(key, (others.get(key) ?? 0) + 1);
  }
  for (const [message, times] of others) t.comment(`app log, ${times}x: ${message}`);
}

t.test('40 redemptions of 10.00 race for a balance of 100.00', async (t) => {
  const member = await fx.member('100.00');
  const shop = await fx.merchant();
  const from = logLines.length;

  const responses = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      c.post('/v1/redemptions', { accountId: member.id, merchantAccountId: shop.id, amount: '10.00', description: `basket ${i}` }),
    ),
  );

  const { statuses, codes } = tally(responses);
  t.same(statuses, { 201: 10, 422: 30 }, 'exactly 10 charged, 30 refused, nothing else');
  t.same(codes, { insufficient_funds: 30 }, 'every refusal is insufficient_funds');
  t.equal(await fx.balance(member.id), '0.00', 'the member is at exactly 0.00, never below');
  t.equal(await fx.balance(shop.id), '100.00', 'the merchant received exactly 100.00');
  const listed = await c.get(`/v1/transactions?accountId=${member.id}&kind=redemption&limit=200`);
  t.equal(listed.json().data.length, 10, 'the journal holds exactly 10 redemptions for the member');
  quietSince(t, from);
});

t.test('2x500 opposing transfers of 1.00 between two members', async (t) => {
  // Every transfer locks both members' balance rows. Taken in request order, A->B and B->A
  // would deadlock; ledger_post takes them in account id order, so none may.
  //
  // 64 requests are in flight at any moment, not all 1000: the pool has 8 connections and
  // waits at most 10 s for one (src/db/client.ts), so 1000 queued at once on a slow machine
  // time out in the pool's queue, before they reach a lock: that would test the queue, not
  // the locks. 64 keep every connection busy with a transfer contending for the same two rows.
  const a = await fx.member('500.00');
  const b = await fx.member('500.00');
  const from = logLines.length;

  const responses = await inFlight(
    64,
    Array.from({ length: 1000 }, (_, i) => () =>
      i % 2 === 0
        ? c.post('/v1/transfers', { fromAccountId: a.id, toAccountId: b.id, amount: '1.00' })
        : c.post('/v1/transfers', { fromAccountId: b.id, toAccountId: a.id, amount: '1.00' }),
    ),
  );

  const { statuses, codes } = tally(responses);
  t.same(statuses, { 201: 1000 }, 'all 1000 transfers succeed');
  t.same(codes, {}, 'no deadlock, no insufficient_funds, no internal error');
  t.equal(await fx.balance(a.id), '500.00', 'A is back where it started');
  t.equal(await fx.balance(b.id), '500.00', 'B is back where it started');
  quietSince(t, from);
});

t.test('20 members redeem at 5 merchants at once', async (t) => {
  // A category of our own, so its issuance account sees only this test's earnings and the
  // accounts below form a closed set whose balances must sum to zero.
  const category = `race_${process.pid}_${Date.now().toString(36)}`;
  const cat = await c.post('/v1/categories', { code: category, name: `races ${category}` });
  t.equal(cat.statusCode, 201, 'a category of our own');
  const issuance = cat.json().issuanceAccountId as string;

  const MEMBERS = 20;
  const MERCHANTS = 5;
  const ATTEMPTS = 6;
  const merchants = await Promise.all(Array.from({ length: MERCHANTS }, () => fx.merchant()));
  const members = await Promise.all(
    Array.from({ length: MEMBERS }, async (_, i) => {
      const code = uniqueCode('R');
      const res = await c.post('/v1/accounts', { code, name: `member ${code}`, kind: 'member' });
      if (res.statusCode !== 201) throw new Error(`could not open member ${code}: ${res.statusCode} ${res.body}`);
      // Each member can pay for ATTEMPTS - 1 of its baskets, whatever order they land in.
      const priceMinor = 500n + 37n * BigInt(i);
      return { id: res.json().id as string, priceMinor, earnedMinor: priceMinor * BigInt(ATTEMPTS - 1) };
    }),
  );
  const from = logLines.length;

  const earnings = await Promise.all(
    members.map((m) => c.post('/v1/earnings', { accountId: m.id, amount: text(m.earnedMinor), category })),
  );
  t.same(tally(earnings).statuses, { 201: MEMBERS }, 'every member earns, concurrently, from one issuance account');

  const plan = members.flatMap((m, i) =>
    Array.from({ length: ATTEMPTS }, (_, j) => ({ member: m, merchant: merchants[(i + j) % MERCHANTS]!.id })),
  );
  const responses = await Promise.all(
    plan.map((p) =>
      c.post('/v1/redemptions', { accountId: p.member.id, merchantAccountId: p.merchant, amount: text(p.member.priceMinor) }),
    ),
  );

  const { statuses, codes } = tally(responses);
  t.same(statuses, { 201: MEMBERS * (ATTEMPTS - 1), 422: MEMBERS }, 'each member pays for exactly 5 of its 6 baskets');
  t.same(codes, { insufficient_funds: MEMBERS }, 'every refusal is insufficient_funds');

  const redeemedAt = new Map<string, bigint>(merchants.map((m) => [m.id, 0n]));
  plan.forEach((p, i) => {
    if (responses[i]?.statusCode === 201) redeemedAt.set(p.merchant, (redeemedAt.get(p.merchant) ?? 0n) + p.member.priceMinor);
  });
  for (const m of merchants) {
    t.equal(await fx.balance(m.id), text(redeemedAt.get(m.id) ?? 0n), `merchant ${m.code}: the sum of its successful redemptions`);
  }
  let total = 0n;
  for (const m of members) {
    const balance = await fx.balance(m.id);
    t.equal(balance, '0.00', `member ${m.id}: spent all it earned, never below zero`);
    total += minor(balance);
  }
  for (const m of merchants) total += minor(await fx.balance(m.id));
  const issued = members.reduce((sum, m) => sum + m.earnedMinor, 0n);
  const issuanceBalance = await fx.balance(issuance);
  t.equal(issuanceBalance, text(-issued), 'the issuance account is minus what it issued');
  total += minor(issuanceBalance);
  t.equal(text(total), '0.00', 'members, merchants and the issuance account sum to zero');
  quietSince(t, from);
});
