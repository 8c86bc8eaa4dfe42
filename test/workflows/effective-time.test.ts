/**
 * When a posting takes effect (issue 13). A cashier's redemption dated 2001 made a
 * resident's balance as of 2020 -80.00. The rule now: whatever takes points from a member or
 * a merchant takes effect when it is recorded; a credit may be dated back within
 * BACKDATE_WINDOW_DAYS, never before its account was opened; so no balance is below zero at
 * any effective time. The service refuses first; the posting functions refuse again
 * (sql/functions/ledger_effective_time_refused.sql), and no transaction occurs before 1970.
 */
import { sql } from 'drizzle-orm';
import t from 'tap';
import { sqlState } from '../../src/db/client.js';
import { arrayLiteral } from '../../src/db/sql.js';
import { newId } from '../../src/ledger/ids.js';
import { buildTestApp, openedAt, uniqueCode } from '../helpers/app.js';
import { bearer, createKey } from '../helpers/access.js';
import { buildWorkflowApp, postOk, snapshot } from '../helpers/workflows.js';
import { expectProblem, getAccount, minor, money, type TransactionView } from '../helpers/contract.js';

const { app, c } = await buildWorkflowApp();
t.teardown(() => app.close());

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function open(kind: 'member' | 'merchant'): Promise<string> {
  const code = uniqueCode(kind === 'member' ? 'R-eff' : 'S-eff');
  return (await postOk<{ id: string }>(c, '/v1/accounts', { code, name: `${kind} ${code}`, kind })).id;
}
const adjustmentsAccount = async () => {
  const res = await c.get('/v1/accounts?code=SYS-ADJUSTMENTS');
  return (res.json() as { data: { id: string }[] }).data[0]?.id as string;
};
const balanceAsOf = async (id: string, asOf: string) => (await c.get(`/v1/accounts/${id}/balance?asOf=${encodeURIComponent(asOf)}`)).json().balance as string;

t.test('the 2001 redemption is refused, and so is every debit dated back', async (t) => {
  const resident = await open('member');
  const shop = await open('merchant');
  const other = await open('member');
  await openedAt(app, '2000-01-01T00:00:00Z', resident, shop);
  await postOk(c, '/v1/earnings', { accountId: resident, amount: '100', category: 'public_labour' });
  await postOk(c, '/v1/redemptions', { accountId: resident, merchantAccountId: shop, amount: '20' });
  const till = await createKey(c, 'cashier', { merchantAccountIds: [shop] });
  const before = await snapshot(c, [resident, shop, other]);

  const tillRedeems = (body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/v1/redemptions', headers: bearer(till.key), payload: body });
  expectProblem(t, await tillRedeems({ accountId: resident, merchantAccountId: shop, amount: '80', occurredAt: '2001-06-01T00:00:00Z' }), 400, 'validation_failed', { paths: ['occurredAt'] });
  expectProblem(t, await tillRedeems({ accountId: resident, merchantAccountId: shop, amount: '1', occurredAt: iso(Date.now() - 1000) }), 400, 'validation_failed', { paths: ['occurredAt'] });
  expectProblem(t, await c.post('/v1/transfers', { fromAccountId: resident, toAccountId: other, amount: '1', occurredAt: iso(Date.now() - DAY) }), 400, 'validation_failed', { paths: ['occurredAt'] });
  const adj = await adjustmentsAccount();
  for (const [label, entries] of [
    ['a member', [{ accountId: resident, amount: '-1' }, { accountId: adj, amount: '1' }]],
    ['a merchant', [{ accountId: shop, amount: '-1' }, { accountId: other, amount: '1' }]],
  ] as const) {
    const res = await c.post('/v1/transactions', { entries, description: `takes from ${label}`, occurredAt: iso(Date.now() - DAY) });
    expectProblem(t, res, 400, 'validation_failed', { paths: ['occurredAt'] });
    t.match(res.json().detail, /takes effect when it is recorded/, `an adjustment taking from ${label}, dated back: refused, and told why`);
  }
  t.same(await snapshot(c, [resident, shop, other]), before, 'nothing moved');

  t.equal(await balanceAsOf(resident, '2020-01-01T00:00:00Z'), '0.00', 'the balance as of 2020 is 0.00, not -80.00');
  const trial = (await c.get('/v1/reports/trial-balance?asOf=2020-01-01T00:00:00Z')).json() as { accounts: { accountId: string; balance: string }[] };
  t.equal(trial.accounts.find((a) => a.accountId === resident)?.balance ?? '0.00', '0.00', 'the trial balance as of 2020 lists nothing negative for her');
  const statement = (await c.get(`/v1/accounts/${resident}/statement`)).json() as { lines: { balanceAfter: string }[] };
  t.same(statement.lines.map((l) => l.balanceAfter), ['100.00', '80.00'], 'her passbook: no line below zero');
});

t.test('a credit may be dated back within BACKDATE_WINDOW_DAYS, never before its account was opened', async (t) => {
  const m = await open('member');
  const earn = (occurredAt: string, extra: Record<string, unknown> = {}) =>
    c.post('/v1/earnings', { accountId: m, amount: '5', category: 'duty_shift', occurredAt, ...extra });

  const early = await earn(iso(Date.now() - DAY));
  expectProblem(t, early, 400, 'validation_failed', { paths: ['occurredAt'] });
  t.match(early.json().detail, /before account .* was opened/, 'an account opened now takes no credit dated yesterday');

  await openedAt(app, Date.now() - 60 * DAY, m);
  const inside = await earn(iso(Date.now() - 30 * DAY));
  t.equal(inside.statusCode, 201, `30 days back, into an account opened 60 days ago: 201 ${inside.body.slice(0, 200)}`);
  const outside = await earn(iso(Date.now() - 32 * DAY));
  expectProblem(t, outside, 400, 'validation_failed', { paths: ['occurredAt'] });
  t.match(outside.json().detail, /at most 31 days back/, 'beyond the default window of 31 days: refused, and told the bound');
  expectProblem(t, await earn(iso(Date.now() - 61 * DAY)), 400, 'validation_failed', { paths: ['occurredAt'] });
  const batch = await c.post('/v1/earnings/batch', {
    items: [
      { accountId: m, amount: '1', category: 'duty_shift', occurredAt: iso(Date.now() - DAY) },
      { accountId: m, amount: '1', category: 'duty_shift', occurredAt: iso(Date.now() - 40 * DAY) },
    ],
  });
  expectProblem(t, batch, 400, 'validation_failed', { paths: ['items.1.occurredAt'] });

  const adj = await adjustmentsAccount();
  const opening = await c.post('/v1/transactions', {
    entries: [
      { accountId: m, amount: '7' },
      { accountId: adj, amount: '-7' },
    ],
    description: 'opening balance carried over',
    occurredAt: iso(Date.now() - 20 * DAY),
  });
  t.equal(opening.statusCode, 201, 'an adjustment that only credits may be dated back too');
  t.equal((await getAccount(c, m)).balance, '12.00', 'the balance: 5 + 7, the refused ones not');

  // A window of 0 days: nothing is dated back.
  const strict = await buildTestApp({ BACKDATE_WINDOW_DAYS: '0' }, { database: app.db });
  t.teardown(() => strict.close());
  const key = await createKey(c, 'issuer');
  const call = (occurredAt?: string) =>
    strict.inject({ method: 'POST', url: '/v1/earnings', headers: bearer(key.key), payload: { accountId: m, amount: '1', category: 'duty_shift', occurredAt } });
  expectProblem(t, await call(iso(Date.now() - 60_000)), 400, 'validation_failed', { paths: ['occurredAt'] });
  t.equal((await call()).statusCode, 201, 'BACKDATE_WINDOW_DAYS=0: an earning without occurredAt still posts');
});

t.test('the balance as of any moment is never below zero', async (t) => {
  const m = await open('member');
  const shop = await open('merchant');
  const start = Date.now() - 20 * DAY;
  await openedAt(app, start, m);
  const credits = [
    await postOk<TransactionView>(c, '/v1/earnings', { accountId: m, amount: '30', category: 'public_labour', occurredAt: iso(start + 5 * DAY) }),
    await postOk<TransactionView>(c, '/v1/earnings', { accountId: m, amount: '10', category: 'duty_shift', occurredAt: iso(start + 2 * DAY) }),
  ];
  await postOk(c, '/v1/redemptions', { accountId: m, merchantAccountId: shop, amount: '35' });
  // An earning reversed takes its points back now, not at the earning's date.
  await postOk(c, `/v1/transactions/${(credits[1] as TransactionView).id}/reversals`, { reason: 'entered twice', amount: '5' });
  await postOk(c, '/v1/earnings', { accountId: m, amount: '2', category: 'donation', occurredAt: iso(start + 10 * DAY) });
  // What a till or an app might try: spending dated before the points were there. Whatever
  // the answer, the balances below must hold.
  const other = await open('member');
  await c.post('/v1/redemptions', { accountId: m, merchantAccountId: shop, amount: '1', occurredAt: iso(start + DAY) });
  await c.post('/v1/transfers', { fromAccountId: m, toAccountId: other, amount: '1', occurredAt: iso(start + 3 * DAY) });
  await c.post('/v1/transactions', {
    entries: [
      { accountId: m, amount: '-1' },
      { accountId: other, amount: '1' },
    ],
    description: 'dated back',
    occurredAt: iso(start + 4 * DAY),
  });

  const statement = (await c.get(`/v1/accounts/${m}/statement`)).json() as { lines: { occurredAt: string; balanceAfter: string }[] };
  t.equal(statement.lines.length, 5, 'five lines');
  t.same(statement.lines.filter((l) => minor(l.balanceAfter) < 0n), [], 'no line of the passbook is below zero');
  const instants = [start, ...statement.lines.flatMap((l) => [Date.parse(l.occurredAt) - 1, Date.parse(l.occurredAt)]), Date.now()];
  const negative = [];
  for (const at of instants) {
    const balance = await balanceAsOf(m, iso(at));
    if (minor(balance) < 0n) negative.push(`${iso(at)}: ${balance}`);
  }
  t.same(negative, [], `the balance as of ${instants.length} moments around every entry: never below zero`);
  t.equal(money(minor((await getAccount(c, m)).balance)), '2.00', 'now: 30 + 10 + 2 - 35 - 5');
});

t.test('the posting functions hold the same rules (sql/functions/ledger_effective_time_refused.sql)', async (t) => {
  const m = await open('member');
  const shop = await open('merchant');
  await postOk(c, '/v1/earnings', { accountId: m, amount: '50', category: 'public_labour' });
  const before = await snapshot(c, [m, shop]);
  const post = (occurredAt: string, accounts: string[], amounts: number[]) =>
    app.db.db.execute(sql`SELECT ledger_post(${newId('txn')}, 'adjustment', ${occurredAt}::timestamptz, 'raw', NULL, NULL, NULL, NULL,
      '{}'::jsonb, NULL, NULL, NULL, ${arrayLiteral(accounts)}::text[], ${arrayLiteral(amounts.map(String))}::bigint[], NULL)`);
  const refused = async (label: string, state: string, attempt: Promise<unknown>) => {
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    t.equal(sqlState(error), state, `${label}: refused with ${state}`);
  };
  const adj = await adjustmentsAccount();
  await refused('ledger_post: a debit from a member dated back', 'LD009', post(iso(Date.now() - DAY), [m, shop], [-100, 100]));
  await refused('ledger_post: a credit before the account was opened', 'LD009', post(iso(Date.now() - DAY), [adj, m], [-100, 100]));
  // Were the header accepted, the commit would still refuse it for having no entries.
  await refused(
    'a transaction in 1969',
    '23514',
    app.db.db.execute(sql`INSERT INTO transactions (id, kind, occurred_at) VALUES (${newId('txn')}, 'adjustment', '1969-12-31T23:59:59Z')`),
  );
  const batch = await app.db.db.execute(sql`SELECT error_code AS code FROM ledger_post_batch(
      ARRAY[${newId('txn')}]::text[], ARRAY['redemption']::text[], ARRAY[${iso(Date.now() - DAY)}]::timestamptz[], ARRAY[NULL]::text[],
      ARRAY[NULL]::text[], ARRAY[NULL]::text[], ARRAY['{}']::jsonb[], ARRAY[NULL]::jsonb[], ARRAY[NULL]::text[], ARRAY[NULL]::text[],
      ARRAY[1, 1]::int[], ${arrayLiteral([m, shop])}::text[], ARRAY[-100, 100]::bigint[], ARRAY[NULL, NULL]::text[])`);
  t.same((batch as unknown as { rows: { code: string | null }[] }).rows.map((r) => r.code), ['LD009'], 'ledger_post_batch: a debit dated back is refused (LD009)');
  t.same(await snapshot(c, [m, shop]), before, 'nothing moved');
});
