import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import t from 'tap';
import { buildTestApp, type Client, client, engine, fixture, HISTORY_ENV, openedAt, sleep } from '../helpers/app.js';
import { csvRecords, type IsolatedApp, isolatedApp, type JournalLine, journalJsonl, post201 } from '../helpers/audit.js';
import { accountIdByCode, minor, money } from '../helpers/contract.js';

/**
 * Tamper evidence: the chain the service verifies, the same chain recomputed by an auditor's
 * own few lines from the jsonl export, sequence numbers in commit order without gaps, and a
 * stored entry changed behind the service's back named by /v1/audit/verify.
 */

/* ----------------------------------------------------------------- the auditor's script */
// Written from the documented canonical form only (RFC 8785 for these simple values: keys
// sorted, no whitespace, strings and numbers as JSON writes them); nothing from src/.

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Audit {
  ok: boolean;
  checked: number;
  head: string;
  firstBad?: { seq: string; id: string; why: string };
}

/** hash = sha256(prevHash + canonical(line without hash and prevHash)); each prevHash is the hash before. */
function auditJournal(lines: JournalLine[], startPrev = '0'.repeat(64)): Audit {
  let prev = startPrev;
  let checked = 0;
  for (const line of lines) {
    const { hash, prevHash, ...content } = line;
    const recomputed = createHash('sha256').update(prevHash + canonical(content), 'utf8').digest('hex');
    const why = prevHash !== prev ? 'prevHash is not the previous hash' : recomputed !== hash ? 'hash does not match the content' : '';
    if (why) return { ok: false, checked, head: prev, firstBad: { seq: line.seq, id: line.id, why } };
    prev = hash;
    checked += 1;
  }
  return { ok: true, checked, head: prev };
}

/* ------------------------------------------------------------------------------ helpers */

interface Verify {
  ok: boolean;
  checkedTransactions: number;
  headHash: string;
  fromSeq: string;
  firstBadTransactionId: string | null;
  firstBadSeq: string | null;
}

async function verify(c: Client, query = ''): Promise<Verify> {
  const res = await c.get(`/v1/audit/verify${query}`);
  if (res.statusCode !== 200) throw new Error(`verify -> ${res.statusCode} ${res.body}`);
  return res.json() as Verify;
}

/**
 * The jsonl export, which must hold every id given: an export sequences everything that
 * committed before it was asked for (waiting for a sequencer already at work).
 */
async function journalWith(c: Client, ids: string[], query = ''): Promise<JournalLine[]> {
  const lines = await journalJsonl(c, query);
  const have = new Set(lines.map((l) => l.id));
  const missing = ids.filter((id) => !have.has(id));
  if (missing.length > 0) throw new Error(`the journal export lacks ${missing.length} of ${ids.length} committed transactions, e.g. ${missing[0]}`);
  return lines;
}

interface Txn {
  id: string;
  kind: string;
  occurredAt: string;
  recordedAt: string;
  entries: { accountId: string; amount: string }[];
  [key: string]: unknown;
}

/** A small, varied history on fresh accounts: earnings, redemptions, transfers, a reversal, an adjustment. */
async function postSome(app: FastifyInstance, n: number): Promise<Txn[]> {
  const c = client(app);
  const f = fixture(c);
  const a = await f.member();
  const b = await f.member();
  // b's passbook was carried over from paper: opened in 2021, with an earning dated then.
  await openedAt(app, '2021-05-01T00:00:00.000Z', b.id);
  const shop = await f.merchant();
  const adjustments = await accountIdByCode(c, 'SYS-ADJUSTMENTS');
  const out: Txn[] = [];
  out.push(await post201<Txn>(c, '/v1/earnings', { accountId: a.id, amount: '500', category: 'public_labour', metadata: { 楼: '3号', shift: 2, night: true, note: null } }));
  out.push(await post201<Txn>(c, '/v1/earnings', { accountId: b.id, amount: '300.25', category: 'duty_shift', occurredAt: '2021-06-01T08:00:00.000Z', description: '值班 "night" \\ duty' }));
  for (let i = 0; out.length < n - 2; i++) {
    if (i % 3 === 0) out.push(await post201<Txn>(c, '/v1/transfers', { fromAccountId: a.id, toAccountId: b.id, amount: '1.01', description: `gift ${i}` }));
    else if (i % 3 === 1)
      out.push(
        await post201<Txn>(c, '/v1/redemptions', {
          accountId: b.id,
          merchantAccountId: shop.id,
          amount: '2.50',
          receipt: { number: `R${i}`, lines: [{ name: '鸡蛋 eggs', quantity: 5, unitPrice: '0.50', sku: 'EGG' }] },
        }),
      );
    else out.push(await post201<Txn>(c, '/v1/earnings', { accountId: a.id, amount: '3', category: 'donation', reference: `ref-${i}` }));
  }
  out.push(await post201<Txn>(c, `/v1/transactions/${(out[0] as Txn).id}/reversals`, { amount: '10', reason: 'partly wrong' }));
  out.push(
    await post201<Txn>(c, '/v1/transactions', {
      entries: [
        { accountId: a.id, amount: '7' },
        { accountId: adjustments, amount: '-7' },
      ],
      description: 'opening balance',
    }),
  );
  return out;
}

/** Sorted by account then amount, as the journal lists them. */
const sortedEntries = (entries: { accountId: string; amount: string }[]) =>
  [...entries].sort((x, y) => (x.accountId === y.accountId ? Number(minor(x.amount) - minor(y.amount)) : x.accountId < y.accountId ? -1 : 1));

/* ========================================================== the database shared by the suite */

const app = await buildTestApp(HISTORY_ENV);
t.teardown(() => app.close());
const c = client(app);

t.test('verify is ok on an untouched database, and an auditor recomputes the same chain from the jsonl export', async (t) => {
  const mine = await postSome(app, 12);
  const v = await verify(c);
  // Exported after verify: it holds at least what verify checked (more, if others posted since).
  const lines = await journalWith(
    c,
    mine.map((m) => m.id),
  );
  t.equal(v.ok, true, 'ok');
  t.ok(v.checkedTransactions >= mine.length, `checked ${v.checkedTransactions} transactions`);
  t.match(v.headHash, /^[0-9a-f]{64}$/, 'headHash is 64 hex digits');
  t.not(v.headHash, '0'.repeat(64), 'headHash is not the genesis hash');
  t.equal(v.firstBadTransactionId, null, 'no bad transaction');
  t.equal(v.fromSeq, '1', 'from the start');

  // The auditor's own recomputation.
  t.equal(lines[0]?.seq, '1', 'the export from the start begins at seq 1');
  t.equal(lines[0]?.prevHash, '0'.repeat(64), 'whose prevHash is the genesis hash, 64 zeros');
  const audit = auditJournal(lines);
  t.same(audit.firstBad, undefined, 'every hash recomputes and links to the one before');
  t.equal(audit.checked, lines.length, `all ${lines.length} lines checked`);
  t.same(
    lines.map((l) => l.seq).filter((s, i) => s !== String(i + 1)),
    [],
    'sequence numbers 1..N, no gap, no repeat',
  );
  const atHead = lines[v.checkedTransactions - 1];
  t.equal(atHead?.hash, v.headHash, "the service's headHash is the hash of the line at seq = checkedTransactions");
  t.equal(atHead?.seq, String(v.checkedTransactions), 'at that seq');

  // What is hashed is what the API says the transaction is.
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const m of mine) {
    const line = byId.get(m.id);
    const api = (await c.get(`/v1/transactions/${m.id}`)).json() as Txn;
    if (!line) {
      t.fail(`${m.id} is not in the export`);
      continue;
    }
    for (const k of ['kind', 'occurredAt', 'recordedAt', 'description', 'reference', 'category', 'reversesTransactionId', 'holdId', 'metadata', 'receipt', 'postedBy']) {
      t.same(line[k], api[k], `${m.kind} ${m.id}: ${k} as the API answers it`);
    }
    t.same(line.entries, sortedEntries(api.entries), `${m.kind} ${m.id}: the entries, sorted by account then amount`);
  }

  const first = byId.get((mine[0] as Txn).id) as JournalLine;
  const fromMine = await verify(c, `?fromSeq=${first.seq}`);
  t.equal(fromMine.ok, true, `verify from seq ${first.seq} (our first) is ok`);
  t.equal(fromMine.fromSeq, first.seq, 'and says where it started');
  t.ok(fromMine.checkedTransactions >= mine.length, 'and checked at least ours');

  // Resuming: afterSeq gives exactly the lines after it, which audit on from the last hash.
  const cut = Math.floor(lines.length / 2);
  const rest = await journalJsonl(c, `&afterSeq=${lines[cut - 1]?.seq}`);
  t.same(
    rest.slice(0, lines.length - cut).map((l) => l.seq),
    lines.slice(cut).map((l) => l.seq),
    'afterSeq=N resumes at N+1',
  );
  t.equal(auditJournal(rest, lines[cut - 1]?.hash).firstBad, undefined, 'and the resumed lines link to the hash at N');
});

t.test('the README documents the canonical form, enough for an auditor to write the script above', async (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  // (t.ok, not t.match: a failure should not print the whole README)
  t.ok(/sha-?256/i.test(readme), 'README names SHA-256');
  t.ok(/canonical|RFC 8785/i.test(readme), 'README names the canonical JSON form (RFC 8785)');
  t.ok(/prevHash/.test(readme), 'README says how the previous hash enters each hash (prevHash)');
  t.ok(/0{64}|64 zeros|"0" \* 64|'0'\.repeat\(64\)/i.test(readme), 'README gives the first prevHash (64 zeros)');
});

t.test('the csv journal export has the same sequence, entries and hashes as the jsonl', async (t) => {
  const mine = await postSome(app, 6);
  const ids = mine.map((m) => m.id);
  const jsonl = await journalWith(c, ids);
  const res = await c.get('/v1/journal?format=csv');
  t.equal(res.statusCode, 200, '200');
  t.match(String(res.headers['content-type']), /^text\/csv/, 'text/csv');
  t.ok(res.body.startsWith('\uFEFF'), 'UTF-8 BOM for spreadsheets');
  const { header, records } = csvRecords(res.body.slice(1));
  t.same(
    header,
    ['seq', 'transaction_id', 'kind', 'occurred_at', 'recorded_at', 'category', 'account_id', 'account_code', 'amount', 'description', 'reference', 'hash'],
    'header',
  );
  for (const id of ids) {
    const line = jsonl.find((l) => l.id === id) as JournalLine;
    const rows = records.filter((r) => r.transaction_id === id);
    t.same(
      rows.map((r) => ({ accountId: r.account_id, amount: r.amount })),
      line.entries,
      `${line.kind} ${id}: one row per entry, same amounts`,
    );
    t.same(
      [...new Set(rows.map((r) => `${r.seq} ${r.hash} ${r.kind} ${r.occurred_at} ${r.recorded_at}`))],
      [`${line.seq} ${line.hash} ${line.kind} ${line.occurredAt} ${line.recordedAt}`],
      `${id}: seq, hash, kind and times as in the jsonl`,
    );
  }
});

/* ======================================================== databases of this file's own */

/** UPDATE one transaction's two entries by ±amount with the append-only guard off, in one database transaction. */
async function tamperEntries(target: FastifyInstance, transactionId: string, delta: bigint): Promise<number> {
  return target.db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE entries DISABLE TRIGGER entries_append_only`);
    const up = await tx.execute(sql`UPDATE entries SET amount = amount + ${delta.toString()}::bigint WHERE transaction_id = ${transactionId} AND amount > 0`);
    const down = await tx.execute(sql`UPDATE entries SET amount = amount - ${delta.toString()}::bigint WHERE transaction_id = ${transactionId} AND amount < 0`);
    await tx.execute(sql`ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_append_only`);
    const count = (r: unknown) => Number((r as { rowCount?: number; affectedRows?: number }).rowCount ?? (r as { affectedRows?: number }).affectedRows ?? 0);
    return count(up) + count(down);
  });
}

t.test('a database of its own', async (t) => {
  const iso: IsolatedApp = await isolatedApp(HISTORY_ENV);
  t.teardown(() => iso.close());
  const ic = client(iso.app);

  t.test('fresh database: the journal is seq 1..N with no hole, one line per transaction', async (t) => {
    const posted = await postSome(iso.app, 15);
    const lines = await journalWith(
      ic,
      posted.map((p) => p.id),
    );
    t.equal(lines.length, posted.length, `exactly our ${posted.length} transactions`);
    t.same(
      lines.map((l) => l.seq),
      posted.map((_, i) => String(i + 1)),
      'seq 1..N',
    );
    t.same(lines.map((l) => l.id).sort(), posted.map((p) => p.id).sort(), 'each transaction once');
    t.equal(auditJournal(lines).ok, true, 'the chain audits');
    const v = await verify(ic);
    t.same([v.ok, v.checkedTransactions, v.headHash], [true, posted.length, lines[lines.length - 1]?.hash], 'verify agrees');
  });

  t.test('an auditor paging with afterSeq while transactions post concurrently sees every seq exactly once', async (t) => {
    const f = fixture(ic);
    const members = await Promise.all([1, 2, 3, 4, 5, 6].map(() => f.member('1000')));
    const start = await journalWith(ic, []);
    let after = start.length > 0 ? (start[start.length - 1] as JournalLine).seq : '0';
    const firstSeq = BigInt(after) + 1n;
    const posted: string[] = [];
    let posting = true;
    const workers = [0, 1, 2, 3].map(async (w) => {
      for (let i = 0; i < 30; i++) {
        const from = members[(w + i) % members.length] as { id: string };
        const to = members[(w + i + 1) % members.length] as { id: string };
        const txn =
          i % 2 === 0
            ? await post201<Txn>(ic, '/v1/earnings', { accountId: from.id, amount: '1.00', category: 'public_labour' })
            : await post201<Txn>(ic, '/v1/transfers', { fromAccountId: from.id, toAccountId: to.id, amount: '0.50' });
        posted.push(txn.id);
      }
    });
    const pages: JournalLine[][] = [];
    const pager = (async () => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const done = !posting;
        const page = await journalJsonl(ic, `&afterSeq=${after}`);
        if (page.length > 0) {
          pages.push(page);
          after = (page[page.length - 1] as JournalLine).seq;
        }
        // Once posting is over, one more page must bring everything: no waiting for stragglers.
        if (done || Date.now() > deadline) return;
        await sleep(5);
      }
    })();
    await Promise.all(workers);
    posting = false;
    await pager;

    const all = pages.flat();
    t.ok(pages.length >= 3, `the auditor read ${pages.length} pages while posting went on`);
    t.equal(posted.length, 120, '120 transactions posted');
    const seqs = all.map((l) => BigInt(l.seq));
    t.same(
      seqs.filter((s, i) => s !== firstSeq + BigInt(i)).map(String),
      [],
      `the pages joined are seq ${firstSeq}..${firstSeq + BigInt(seqs.length) - 1n}, each once, in order`,
    );
    t.same(
      pages.slice(1).map((p, i) => BigInt((p[0] as JournalLine).seq) - BigInt((pages[i] as JournalLine[])[(pages[i] as JournalLine[]).length - 1]?.seq ?? '0')),
      pages.slice(1).map(() => 1n),
      'each page starts right after the one before',
    );
    const count = new Map<string, number>();
    for (const l of all) count.set(l.id, (count.get(l.id) ?? 0) + 1);
    t.same(
      posted.filter((id) => count.get(id) !== 1),
      [],
      'every transaction posted is on exactly one page',
    );
    t.equal(all.length, posted.length, 'and nothing else');
    t.equal(auditJournal(all, start[start.length - 1]?.hash).ok, true, 'the pages audit as one chain');
  });

  t.test('a transaction that commits late is sequenced after the ones that committed before it, never skipped', async (t) => {
    const f = fixture(ic);
    const slow = await f.member('10');
    const quick = await f.member('10');
    const head = await journalWith(ic, []);
    let after = head.length > 0 ? (head[head.length - 1] as JournalLine).seq : '0';
    const blocker = new pg.Client({ connectionString: iso.databaseUrl });
    await blocker.connect();
    t.teardown(() => blocker.end());
    // Hold the slow member's balance row: its posting starts, then waits inside its transaction.
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM account_balances WHERE account_id = $1 FOR UPDATE', [slow.id]);
    // With an Idempotency-Key the posting runs in a transaction of its own from the start, so
    // its recordedAt is fixed before it waits (without one, the group-commit lane gives up on
    // the lock after a fraction of a second and writes it again later, with a later time).
    const late = ic.post('/v1/earnings', { accountId: slow.id, amount: '1', category: 'public_labour' }, { 'idempotency-key': `late-${slow.id}` });
    const waiting = async () => {
      const r = await blocker.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
      );
      return (r.rows[0] as { n: number }).n;
    };
    const deadline = Date.now() + 10_000;
    while ((await waiting()) === 0 && Date.now() < deadline) await sleep(20);
    t.ok((await waiting()) > 0, 'the slow posting waits inside its database transaction');

    // Another category, so another issuance account: the waiting posting already holds one
    // of public_labour's balance rows, and the early one must not queue behind it.
    const early = await post201<Txn>(ic, '/v1/earnings', { accountId: quick.id, amount: '1', category: 'duty_shift' });
    const page1 = await journalWith(ic, [early.id], `&afterSeq=${after}`);
    after = (page1[page1.length - 1] as JournalLine).seq;
    await blocker.query('COMMIT');
    const lateRes = await late;
    t.equal(lateRes.statusCode, 201, 'the slow posting commits once released');
    const slowTxn = lateRes.json() as Txn;
    t.ok(slowTxn.recordedAt <= early.recordedAt, `it started first (recordedAt ${slowTxn.recordedAt} <= ${early.recordedAt}) but committed last`);
    t.notOk(
      page1.some((l) => l.id === slowTxn.id),
      'it was not on the page read before it committed',
    );
    const page2 = await journalWith(ic, [slowTxn.id], `&afterSeq=${after}`);
    t.ok(page2.some((l) => l.id === slowTxn.id), 'the next page, after the last seq read, has it');
    const lateLine = page2.find((l) => l.id === slowTxn.id) as JournalLine;
    const earlyLine = page1.find((l) => l.id === early.id) as JournalLine;
    t.ok(BigInt(lateLine.seq) > BigInt(earlyLine.seq), `its seq (${lateLine.seq}) follows the early commit's (${earlyLine.seq}): commit order`);
    const seqs = [...page1, ...page2].map((l) => l.seq);
    t.equal(new Set(seqs).size, seqs.length, 'no seq twice across the two pages');
  });

  t.test('an export right after a commit has it, even while another sequencer holds the lock', async (t) => {
    // 7305002 is the sequencer's advisory lock: holding it from a second session is what
    // another instance of the service does while it sequences.
    const SEQUENCER_LOCK = 7_305_002;
    const f = fixture(ic);
    const m = await f.member('10');
    const before = await verify(ic);
    const other = new pg.Client({ connectionString: iso.databaseUrl });
    await other.connect();
    t.teardown(() => other.end());
    await other.query('SELECT pg_advisory_lock($1)', [SEQUENCER_LOCK]);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await other.query('SELECT pg_advisory_unlock($1)', [SEQUENCER_LOCK]);
    };
    t.teardown(release);
    const txn = await post201<Txn>(ic, '/v1/earnings', { accountId: m.id, amount: '2', category: 'duty_shift' });
    // A round of the background sequencer, run now rather than waited for: it passes on the lock.
    t.equal(await iso.app.services.jobs.sequence(), 0, 'the background sequencer passes while another holds the lock');
    const queued = await other.query('SELECT count(*)::int AS n FROM journal WHERE transaction_id = $1', [txn.id]);
    t.equal((queued.rows[0] as { n: number }).n, 0, 'while the lock is held, the background sequencer cannot sequence it (the lock is the right one)');
    // The other sequencer finishes once the auditor's two requests are waiting for it.
    const waitingForLock = async () =>
      (
        await other.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'",
        )
      ).rows[0] as { n: number };
    const releasing = (async () => {
      const deadline = Date.now() + 10_000;
      while ((await waitingForLock()).n < 2 && Date.now() < deadline) await sleep(10);
      await release();
    })();
    const [exported, verified] = await Promise.all([journalJsonl(ic, `&afterSeq=${before.checkedTransactions}`), verify(ic)]);
    await releasing;
    t.ok(
      exported.some((l) => l.id === txn.id),
      `the jsonl export requested after the commit includes it (got seqs ${exported.map((l) => l.seq).join(',') || 'none'})`,
    );
    t.equal(verified.checkedTransactions, before.checkedTransactions + 1, 'verify requested after the commit checks it too');
  });

  // Last: it breaks this database's chain on purpose.
  t.test('a stored entry changed as a superuser with the guard off: verify names that transaction', async (t) => {
    const posted = await postSome(iso.app, 10);
    const victim = posted.find((p) => p.kind === 'transfer') as Txn;
    const lines = await journalWith(
      ic,
      posted.map((p) => p.id),
    );
    const line = lines.find((l) => l.id === victim.id) as JournalLine;
    const total = lines.length;
    const clean = await verify(ic);
    t.same([clean.ok, clean.checkedTransactions], [true, total], `ok before, ${total} transactions`);

    const changed = await tamperEntries(iso.app, victim.id, 100n);
    t.equal(changed, 2, 'both entries of the transfer changed (+1.00 and -1.00)');
    const api = (await ic.get(`/v1/transactions/${victim.id}`)).json() as Txn;
    t.same(
      sortedEntries(api.entries).map((e) => e.amount),
      sortedEntries(victim.entries).map((e) => money(minor(e.amount) + (minor(e.amount) > 0n ? 100n : -100n))),
      'the API now reports the changed amounts',
    );
    t.equal(
      api.entries.reduce((s, e) => s + minor(e.amount), 0n),
      0n,
      'and they still sum to zero: only the hash can tell',
    );
    const guard = await iso.app.db
      .transaction(async (tx) => {
        await tx.execute(sql`UPDATE entries SET amount = amount WHERE transaction_id = ${victim.id}`);
        return 'updated';
      })
      .catch((error: unknown) => `refused: ${String((error as Error).message).slice(0, 80)}`);
    t.match(guard, /^refused/, 'the append-only guard is back on');

    const bad = await verify(ic);
    t.equal(bad.ok, false, 'verify: not ok');
    t.equal(bad.firstBadTransactionId, victim.id, 'names the changed transaction');
    t.equal(bad.firstBadSeq, line.seq, 'at its seq');
    t.equal(bad.checkedTransactions, Number(line.seq) - 1, 'everything before it checked out');
    const after = await verify(ic, `?fromSeq=${Number(line.seq) + 1}`);
    t.same([after.ok, after.checkedTransactions], [true, total - Number(line.seq)], 'the chain after it still verifies');

    const exported = await journalJsonl(ic);
    const audit = auditJournal(exported);
    t.equal(audit.ok, false, "the auditor's script finds it too");
    t.same(audit.firstBad, { seq: line.seq, id: victim.id, why: 'hash does not match the content' }, 'the same transaction, by its hash');
  });
});

t.comment(`engine: ${engine}`);
