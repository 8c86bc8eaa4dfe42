import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildTestApp, client, fixture, openedAt } from '../helpers/app.js';
import { csvRecords, post201, requireTool, run, seededRandom, seedFromEnv } from '../helpers/audit.js';
import { accountIdByCode, minor, money } from '../helpers/contract.js';

/**
 * The acceptance test of the ledger export: a few hundred random transactions through the
 * API, the `ledger` journal read by hledger (an independent implementation of double-entry
 * bookkeeping), every balance compared, and tampered journals refused by hledger.
 */

const hledger = requireTool(t, 'hledger');

interface Posted {
  id: string;
  kind: string;
  occurredAt: string;
  entries: { accountId: string; amount: string }[];
}

if (hledger) {
  const app = await buildTestApp();
  t.teardown(() => app.close());
  const c = client(app);
  const f = fixture(c);
  const dir = mkdtempSync(join(tmpdir(), 'tl-hledger-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  const seed = seedFromEnv();
  t.comment(`random transactions with AUDIT_SEED=${seed}`);
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  /** 0.01 .. max (minor units), never 0. */
  const amountUpTo = (max: bigint): bigint => 1n + BigInt(Math.floor(random() * Number(max)));

  const pool = await accountIdByCode(c, 'SYS-DONATION-POOL');
  const adjustments = await accountIdByCode(c, 'SYS-ADJUSTMENTS');
  const categories = ['public_labour', 'duty_shift', 'donation'] as const;

  const members: { id: string; code: string }[] = [];
  for (let i = 0; i < 8; i++) members.push(await f.member());
  const merchant = await f.merchant();
  const mine = new Map<string, { code: string; kind: 'member' | 'merchant' }>([
    ...members.map((m) => [m.id, { code: m.code, kind: 'member' as const }] as const),
    [merchant.id, { code: merchant.code, kind: 'merchant' }],
  ]);

  /** Everything this file posted, as the API answered it. */
  const posted: Posted[] = [];
  /** The balance each of our accounts should have, from what the API answered. */
  const expected = new Map<string, bigint>([...mine.keys()].map((id) => [id, 0n]));
  const record = (txn: Posted) => {
    posted.push(txn);
    for (const e of txn.entries) if (expected.has(e.accountId)) expected.set(e.accountId, (expected.get(e.accountId) ?? 0n) + minor(e.amount));
    return txn;
  };
  const balanceOf = (id: string) => expected.get(id) ?? 0n;
  const richMember = (min = 1n) => {
    const candidates = members.filter((m) => balanceOf(m.id) >= min);
    return candidates.length > 0 ? pick(candidates) : undefined;
  };

  const now = Date.now();
  const DAY = 86_400_000;
  // Opened ten days ago, so that earnings may be dated back nine.
  await openedAt(app, now - 10 * DAY, ...members.map((m) => m.id));
  const backdated: string[] = [];
  /** Earnings backdated across nine days; sometimes the very same instant as an earlier one. */
  const backdatedInstant = () => {
    if (backdated.length > 0 && random() < 0.1) return pick(backdated);
    const at = new Date(now - 60_000 - Math.floor(random() * 9 * DAY)).toISOString();
    backdated.push(at);
    return at;
  };
  const earn = async (m: { id: string }, amount: bigint) =>
    record(
      await post201<Posted>(c, '/v1/earnings', {
        accountId: m.id,
        amount: money(amount),
        category: pick(categories),
        occurredAt: backdatedInstant(),
        description: pick(['扫楼道', 'night shift; door duty', '义务理发 "barber"', 'garden, east side']),
      }),
    );

  const earnings: Posted[] = [];
  const redemptions: Posted[] = [];
  const reversed = { partial: 0, full: 0 };
  let adjustmentsPosted = 0;
  let holdsCaptured = 0;

  t.before(async () => {
    for (const m of members) earnings.push(await earn(m, 5000n + amountUpTo(5000n)));
    const TOTAL = 300;
    for (let i = 0; i < TOTAL; i++) {
      const roll = random();
      // A few of each rare kind at fixed points, the rest at random.
      if (i % 60 === 30) {
        // A partial reversal of an earning whose member can still give the points back.
        const original = earnings.find((e) => {
          const leg = e.entries.find((x) => minor(x.amount) > 0n);
          return leg && minor(leg.amount) >= 2n && balanceOf(leg.accountId) >= minor(leg.amount);
        });
        if (original) {
          const leg = original.entries.find((x) => minor(x.amount) > 0n) as { amount: string };
          const part = 1n + BigInt(Math.floor(random() * Number(minor(leg.amount) - 1n)));
          record(await post201<Posted>(c, `/v1/transactions/${original.id}/reversals`, { amount: money(part), reason: '部分冲正 partly wrong' }));
          earnings.splice(earnings.indexOf(original), 1);
          reversed.partial += 1;
          continue;
        }
      }
      if (i === 160) {
        const original = redemptions.find((r) => {
          const leg = r.entries.find((x) => x.accountId === merchant.id);
          return leg && balanceOf(merchant.id) >= minor(leg.amount);
        });
        if (original) {
          record(await post201<Posted>(c, `/v1/transactions/${original.id}/reversals`, { reason: 'returned goods' }));
          reversed.full += 1;
          continue;
        }
      }
      if (i === 100 || i === 200) {
        const [a, b] = [members[i % members.length] as { id: string }, members[(i + 3) % members.length] as { id: string }];
        const x = amountUpTo(3000n);
        const y = amountUpTo(3000n);
        const entries =
          i === 100
            ? [
                { accountId: a.id, amount: money(x) },
                { accountId: adjustments, amount: money(-x) },
              ]
            : [
                { accountId: a.id, amount: money(x) },
                { accountId: b.id, amount: money(y) },
                { accountId: adjustments, amount: money(-(x + y)) },
              ];
        record(await post201<Posted>(c, '/v1/transactions', { entries, description: '开户余额 opening balance' }));
        adjustmentsPosted += 1;
        continue;
      }
      if (i % 70 === 25) {
        const m = richMember(200n);
        if (m) {
          const held = amountUpTo(balanceOf(m.id));
          const hold = await post201<{ id: string }>(c, '/v1/holds', { accountId: m.id, merchantAccountId: merchant.id, amount: money(held) });
          const captured = amountUpTo(held);
          record(await post201<Posted>(c, `/v1/holds/${hold.id}/capture`, { amount: money(captured) }));
          holdsCaptured += 1;
          continue;
        }
      }
      if (roll < 0.35) {
        earnings.push(await earn(pick(members), amountUpTo(5000n)));
      } else if (roll < 0.6) {
        const m = richMember();
        if (!m) continue;
        redemptions.push(
          record(
            await post201<Posted>(c, '/v1/redemptions', {
              accountId: m.id,
              merchantAccountId: merchant.id,
              amount: money(amountUpTo(balanceOf(m.id) < 3000n ? balanceOf(m.id) : 3000n)),
              description: pick(['大米 rice', 'soap x2', '面条, noodles']),
            }),
          ),
        );
      } else if (roll < 0.9) {
        const from = richMember();
        if (!from) continue;
        const to = pick(members.filter((m) => m.id !== from.id));
        record(
          await post201<Posted>(c, '/v1/transfers', {
            fromAccountId: from.id,
            toAccountId: to.id,
            amount: money(amountUpTo(balanceOf(from.id) < 2000n ? balanceOf(from.id) : 2000n)),
            description: '送给邻居',
          }),
        );
      } else {
        const from = richMember();
        if (!from) continue;
        record(await post201<Posted>(c, '/v1/transfers', { fromAccountId: from.id, toAccountId: pool, amount: money(amountUpTo(balanceOf(from.id) < 500n ? balanceOf(from.id) : 500n)) }));
      }
    }
    t.comment(
      `posted ${posted.length} transactions: ${['earning', 'redemption', 'transfer', 'reversal', 'adjustment'].map((k) => `${posted.filter((p) => p.kind === k).length} ${k}`).join(', ')}; ${holdsCaptured} holds captured`,
    );
  });

  /**
   * The ledger export. It sequences everything committed before it was asked for (waiting
   * for a sequencer already at work), so all our transactions must be in it at once.
   */
  const exportLedger = async (query = ''): Promise<string> => {
    const res = await c.get(`/v1/journal?format=ledger${query}`);
    if (res.statusCode !== 200) throw new Error(`ledger export -> ${res.statusCode} ${res.body.slice(0, 300)}`);
    const from = new URLSearchParams(query).get('from') ?? '';
    const present = new Set([...res.body.matchAll(/\((txn_[0-9A-Z]{26})\)/g)].map((m) => m[1]));
    const missing = posted.filter((p) => p.occurredAt >= from && !present.has(p.id));
    if (missing.length > 0) throw new Error(`the ledger export lacks ${missing.length} of our committed transactions, e.g. ${missing[0]?.id}`);
    return res.body;
  };

  const hledgerBalances = async (file: string): Promise<Map<string, bigint>> => {
    const out = await run(hledger, ['-f', file, 'balance', '--flat', '--no-total', '--empty', '-O', 'csv']);
    if (out.code !== 0) throw new Error(`hledger balance exited ${out.code}: ${out.stderr.slice(0, 2000)}`);
    const balances = new Map<string, bigint>();
    for (const r of csvRecords(out.stdout).records) {
      const amount = (r.balance ?? '').trim();
      const m = /^(-?[0-9]+\.[0-9]{2}) PTS$/.exec(amount);
      if (!m && amount !== '0') throw new Error(`hledger printed a balance this test cannot read: ${JSON.stringify(r)}`);
      balances.set(r.account as string, m ? minor(m[1] as string) : 0n);
    }
    return balances;
  };

  const ledgerName = (id: string) => {
    const a = mine.get(id);
    if (!a) throw new Error(`not our account: ${id}`);
    return `${a.kind === 'member' ? 'members' : 'merchants'}:${a.code}`;
  };

  let journal = '';
  const journalFile = join(dir, 'full.journal');

  t.test('the kinds this test promised were all posted', async (t) => {
    t.ok(posted.length >= 250, `a few hundred transactions (${posted.length})`);
    for (const kind of ['earning', 'redemption', 'transfer', 'reversal', 'adjustment']) {
      t.ok(posted.some((p) => p.kind === kind), `at least one ${kind}`);
    }
    t.equal(reversed.partial, 5, 'five partial reversals');
    t.equal(reversed.full, 1, 'one full reversal (of a redemption)');
    t.equal(adjustmentsPosted, 2, 'two adjustments, one with three legs');
    t.ok(holdsCaptured >= 3, `holds captured (${holdsCaptured})`);
    t.ok(posted.some((p) => p.entries.some((e) => e.accountId === pool)), 'a donation to the seeded pool');
    const days = new Set(posted.filter((p) => p.kind === 'earning').map((p) => p.occurredAt.slice(0, 10)));
    t.ok(days.size >= 5, `earnings dated over several days (${days.size})`);
  });

  t.test('hledger reads the full export: assertions pass, every balance equals the API', async (t) => {
    journal = await exportLedger();
    writeFileSync(journalFile, journal);
    t.match(journal, /^; timebank-ledger journal/, 'a ledger journal');
    const seen = new Map<string, number>();
    for (const m of journal.matchAll(/^\d{4}-\d{2}-\d{2} \* \((txn_[0-9A-Z]{26})\)/gm)) seen.set(m[1] as string, (seen.get(m[1] as string) ?? 0) + 1);
    t.same(
      posted.filter((p) => seen.get(p.id) !== 1).map((p) => `${p.id}: ${seen.get(p.id) ?? 0}`),
      [],
      `each of our ${posted.length} transactions is in it exactly once`,
    );
    // Every posting line of our members carries a balance assertion; the merchant's none.
    const memberLines = journal.split('\n').filter((l) => members.some((m) => l.trimStart().startsWith(`members:${m.code} `)));
    t.ok(memberLines.length >= posted.length, `member posting lines (${memberLines.length})`);
    t.same(
      memberLines.filter((l) => !/ -?[0-9]+\.[0-9]{2} PTS = -?[0-9]+\.[0-9]{2} PTS$/.test(l)),
      [],
      'every member posting asserts the balance after it',
    );

    const check = await run(hledger, ['-f', journalFile, 'check']);
    t.equal(check.code, 0, `hledger check exits 0; stderr: ${check.stderr.slice(0, 1500)}`);
    const balances = await hledgerBalances(journalFile);

    for (const [id, a] of mine) {
      const api = await c.get(`/v1/accounts/${id}`);
      t.equal(api.statusCode, 200, `GET ${a.code}`);
      const name = ledgerName(id);
      t.ok(balances.has(name), `hledger knows ${name}`);
      t.equal(money(balances.get(name) ?? 0n), api.json().balance, `${name}: hledger equals the API`);
      t.equal(api.json().balance, money(balanceOf(id)), `${name}: the API equals what the postings answered`);
    }
    // The database is this file's alone: every account, system ones too, must agree.
    const tb = (await c.get('/v1/reports/trial-balance')).json() as { accounts: { accountId: string; code: string; kind: string }[] };
    for (const a of tb.accounts) {
      const api = (await c.get(`/v1/accounts/${a.accountId}`)).json() as { balance: string };
      const branch = a.kind === 'member' ? 'members' : a.kind === 'merchant' ? 'merchants' : 'system';
      t.equal(money(balances.get(`${branch}:${a.code}`) ?? 0n), api.balance, `${branch}:${a.code}: hledger equals the API`);
    }
    t.ok(tb.accounts.length >= mine.size + 5, `every account compared, system ones too (${tb.accounts.length})`);
    t.same(
      [...balances.keys()].filter((n) => !tb.accounts.some((a) => n.endsWith(`:${a.code}`))),
      [],
      'hledger has no account the API does not',
    );
    t.equal([...balances.values()].reduce((s, v) => s + v, 0n), 0n, 'hledger balances sum to zero');
  });

  t.test('a partial export (from a day) carries no assertions and sums only that period', async (t) => {
    const dates = [...new Set(posted.map((p) => p.occurredAt))].sort();
    const from = dates[Math.floor(dates.length / 2)] as string;
    const partial = await exportLedger(`&from=${encodeURIComponent(from)}`);
    t.notMatch(partial, / = -?[0-9]+\.[0-9]{2} PTS$/m, 'no balance assertions without the whole history');
    const present = new Set([...partial.matchAll(/\((txn_[0-9A-Z]{26})\)/g)].map((m) => m[1]));
    t.same(
      posted.filter((p) => present.has(p.id) !== p.occurredAt >= from).map((p) => `${p.id} at ${p.occurredAt}`),
      [],
      `exactly our transactions at or after ${from} are in it`,
    );
    const file = join(dir, 'partial.journal');
    writeFileSync(file, partial);
    const balances = await hledgerBalances(file);
    for (const [id] of mine) {
      const inPeriod = posted
        .filter((p) => p.occurredAt >= from)
        .flatMap((p) => p.entries)
        .filter((e) => e.accountId === id)
        .reduce((s, e) => s + minor(e.amount), 0n);
      t.equal(balances.get(ledgerName(id)) ?? 0n, inPeriod, `${ledgerName(id)}: movement since ${from}`);
    }
  });

  t.test('a tampered journal fails hledger', async (t) => {
    if (!journal) {
      t.fail('the full export was not read');
      return;
    }
    const lines = journal.split('\n');
    // One of our earnings: a system line without assertion, then our member's line with one.
    const earning = posted.find((p) => p.kind === 'earning' && p.entries.some((e) => mine.has(e.accountId)) && journal.includes(`(${p.id})`));
    if (!earning) {
      t.fail('no earning of ours to tamper with');
      return;
    }
    const head = lines.findIndex((l) => l.includes(`(${earning.id})`));
    const block = lines.slice(head, head + 5);
    const memberAt = head + block.findIndex((l) => / PTS = /.test(l));
    const systemAt = head + block.findIndex((l) => l.trimStart().startsWith('system:'));
    const memberLine = lines[memberAt] as string;
    const systemLine = lines[systemAt] as string;
    const mm = /^(\s+\S+\s+)(-?[0-9]+\.[0-9]{2}) PTS = (-?[0-9]+\.[0-9]{2}) PTS$/.exec(memberLine);
    const sm = /^(\s+\S+\s+)(-?[0-9]+\.[0-9]{2}) PTS$/.exec(systemLine);
    if (!mm || !sm || memberAt <= head || systemAt <= head) {
      t.fail(`cannot read the earning's posting lines: ${JSON.stringify(block)}`);
      return;
    }
    const [, memberLead, amount, asserted] = mm as unknown as [string, string, string, string];
    const [, systemLead, systemAmount] = sm as unknown as [string, string, string];
    const plusOne = (s: string) => money(minor(s) + 100n);
    const variants: [string, Record<number, string>, RegExp][] = [
      ['one member amount changed', { [memberAt]: `${memberLead}${plusOne(amount)} PTS = ${asserted} PTS` }, /balance assertion|could not balance|unbalanced/i],
      [
        'one member amount changed and its counterpart too, so the transaction still balances',
        { [memberAt]: `${memberLead}${plusOne(amount)} PTS = ${asserted} PTS`, [systemAt]: `${systemLead}${money(minor(systemAmount) - 100n)} PTS` },
        /balance assertion/i,
      ],
      ['only an assertion changed', { [memberAt]: `${memberLead}${amount} PTS = ${money(minor(asserted) + 1n)} PTS` }, /balance assertion/i],
    ];
    for (const [label, changes, message] of variants) {
      const tampered = lines.map((l, i) => changes[i] ?? l).join('\n');
      t.not(tampered, journal, `${label}: the file differs`);
      const file = join(dir, `tampered-${variants.findIndex((v) => v[0] === label)}.journal`);
      writeFileSync(file, tampered);
      const out = await run(hledger, ['-f', file, 'balance', '--flat', '--no-total']);
      t.not(out.code, 0, `${label}: hledger exits non-zero`);
      t.match(out.stderr, message, `${label}: hledger names the error (${out.stderr.split('\n')[0]})`);
      t.match(out.stderr, earning.id, `${label}: hledger's error shows the tampered transaction`);
    }
  });
}
