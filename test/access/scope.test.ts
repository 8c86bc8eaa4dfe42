/**
 * Object-level scope (issue 5): what each role may do to which objects, who posted what,
 * idempotency per API key, key management, and the per-key rate and body size limits.
 */
import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { buildTestApp, client, type Client, uniqueCode } from '../helpers/app.js';
import { bearer, createKey, fundedMember, type Opened, ok, open, revokeKey } from '../helpers/access.js';
import { expectProblem, type T } from '../helpers/contract.js';

const started = Date.now();
const app = await buildTestApp();
t.teardown(() => app.close());
const boot = client(app);

const A = await open(boot, 'merchant');
const B = await open(boot, 'merchant');
const member = await fundedMember(boot, '500');

const admin = await createKey(boot, 'admin');
const cashierA = await createKey(boot, 'cashier', { merchantAccountIds: [A.id] });
const cashierB = await createKey(boot, 'cashier', { merchantAccountIds: [B.id] });
const issuer = await createKey(boot, 'issuer');
const issuer2 = await createKey(boot, 'issuer');
const auditor = await createKey(boot, 'auditor');

const as = (key: { key: string }): Client => client(app, bearer(key.key));
const ca = as(cashierA);
const cb = as(cashierB);
const is = as(issuer);
const au = as(auditor);
const ad = as(admin);

interface Txn {
  id: string;
  kind: string;
  reversedAmount: string;
  entries: { accountId: string; amount: string }[];
  postedBy: { keyId: string | null; role: string | null };
}
interface HoldView {
  id: string;
  status: string;
}

/** B's own objects, made by B's cashier. */
const saleB = await ok<Txn>(cb.post('/v1/redemptions', { accountId: member.id, merchantAccountId: B.id, amount: '3' }), 'sale at B');
const holdB = await ok<HoldView>(cb.post('/v1/holds', { accountId: member.id, merchantAccountId: B.id, amount: '2' }), 'hold at B');
const earning = await ok<Txn>(is.post('/v1/earnings', { accountId: member.id, amount: '1', category: 'public_labour' }), 'earning');

async function balancesOf(ids: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of ids) {
    const res = await boot.get(`/v1/accounts/${id}`);
    const a = res.json() as { balance: string; held: string };
    out[id] = `${a.balance}/${a.held}`;
  }
  return out;
}

const notFound = (t: T, res: LightMyRequestResponse, label: string) => expectProblem(t, res, 404, 'not_found', { label });

t.test('a cashier of supermarket A cannot touch supermarket B', async (t) => {
  const before = await balancesOf([member.id, A.id, B.id]);

  notFound(t, await ca.post('/v1/redemptions', { accountId: member.id, merchantAccountId: B.id, amount: '1' }), 'redeem into B');
  notFound(t, await ca.post('/v1/holds', { accountId: member.id, merchantAccountId: B.id, amount: '1' }), 'hold into B');
  notFound(t, await ca.post(`/v1/holds/${holdB.id}/capture`, {}), "capture B's hold");
  notFound(t, await ca.post(`/v1/holds/${holdB.id}/void`), "void B's hold");
  notFound(t, await ca.get(`/v1/holds/${holdB.id}`), "read B's hold");
  notFound(t, await ca.post(`/v1/transactions/${saleB.id}/reversals`, { reason: 'not mine' }), "reverse B's sale");
  notFound(t, await ca.get(`/v1/transactions/${saleB.id}`), "read B's sale");
  notFound(t, await ca.get(`/v1/accounts/${B.id}`), "read B's account");
  notFound(t, await ca.get(`/v1/accounts/${B.id}/balance`), "read B's balance");
  notFound(t, await ca.get(`/v1/accounts/${B.id}/statement`), "read B's statement");
  notFound(t, await ca.get(`/v1/accounts/${B.id}/statement`, { accept: 'text/csv' }), "read B's statement as CSV");
  notFound(t, await ca.get(`/v1/transactions?accountId=${B.id}`), "list B's transactions");
  expectProblem(t, await ca.get('/v1/transactions'), 403, 'forbidden', { label: 'list transactions without accountId' });
  expectProblem(t, await ca.get('/v1/accounts'), 403, 'forbidden', { label: 'list accounts without a code' });
  expectProblem(t, await ca.get('/v1/accounts?kind=merchant'), 403, 'forbidden', { label: 'list accounts by kind' });

  // Members' statements are not a cashier's to read.
  notFound(t, await ca.get(`/v1/transactions?accountId=${member.id}`), "list a member's transactions");
  notFound(t, await ca.get(`/v1/transactions/${earning.id}`), "read a member's earning");
  notFound(t, await ca.get(`/v1/accounts/${member.id}/statement`), "read a member's statement");

  const byCode = await ca.get(`/v1/accounts?code=${encodeURIComponent(B.code)}`);
  t.equal(byCode.statusCode, 200, "looking B up by its code answers 200…");
  t.same(byCode.json().data, [], '…with nothing in it');

  // Hidden reads exactly like absent.
  const missing = 'acct_ZZZZZZZZZZ0000000000000000';
  const absent = await ca.post('/v1/redemptions', { accountId: member.id, merchantAccountId: missing, amount: '1' });
  const hidden = await ca.post('/v1/redemptions', { accountId: member.id, merchantAccountId: B.id, amount: '1' });
  t.equal(absent.statusCode, 404, 'an absent merchant: 404');
  t.equal(hidden.json().detail, String(absent.json().detail).replace(missing, B.id), "B's 404 says what an absent account's says");

  t.same(await balancesOf([member.id, A.id, B.id]), before, 'no balance or reservation changed');
  t.equal((await boot.get(`/v1/holds/${holdB.id}`)).json().status, 'pending', "B's hold is still pending");
  t.equal((await boot.get(`/v1/transactions/${saleB.id}`)).json().reversedAmount, '0.00', "B's sale is not reversed");
});

t.test('a cashier of supermarket A does all of it for A', async (t) => {
  const found = await ca.get(`/v1/accounts?code=${encodeURIComponent(member.code)}`);
  t.equal(found.statusCode, 200, 'looks a member up by code');
  t.same(
    (found.json().data as { id: string }[]).map((a) => a.id),
    [member.id],
    'finds exactly that member',
  );
  const acct = await ca.get(`/v1/accounts/${member.id}`);
  t.equal(acct.statusCode, 200, "reads the member's account");
  t.match(acct.json(), { id: member.id, kind: 'member', balance: /^\d+\.\d{2}$/, available: /^\d+\.\d{2}$/ }, 'with its balance');
  const bal = await ca.get(`/v1/accounts/${member.id}/balance`);
  t.equal(bal.statusCode, 200, "reads the member's balance");
  t.equal(bal.json().balance, acct.json().balance, 'the same balance');

  const sale = await ca.post('/v1/redemptions', { accountId: member.id, merchantAccountId: A.id, amount: '4' });
  t.equal(sale.statusCode, 201, 'redeems into A');
  const saleId = sale.json().id as string;

  const h1 = await ca.post('/v1/holds', { accountId: member.id, merchantAccountId: A.id, amount: '2' });
  t.equal(h1.statusCode, 201, 'holds into A');
  t.equal((await ca.get(`/v1/holds/${h1.json().id}`)).statusCode, 200, 'reads its hold');
  const captured = await ca.post(`/v1/holds/${h1.json().id}/capture`, {});
  t.equal(captured.statusCode, 201, 'captures its hold');
  t.equal(captured.json().kind, 'redemption', 'a redemption');

  const h2 = await ok<HoldView>(ca.post('/v1/holds', { accountId: member.id, merchantAccountId: A.id, amount: '1' }), 'hold 2');
  const voided = await ca.post(`/v1/holds/${h2.id}/void`);
  t.equal(voided.statusCode, 200, 'voids its hold');
  t.equal(voided.json().status, 'voided', 'voided');

  const reversal = await ca.post(`/v1/transactions/${saleId}/reversals`, { reason: 'returned goods' });
  t.equal(reversal.statusCode, 201, 'reverses its own sale');

  t.equal((await ca.get(`/v1/transactions/${saleId}`)).statusCode, 200, 'reads its own sale');
  t.equal((await ca.get(`/v1/accounts/${A.id}`)).statusCode, 200, 'reads its own account');
  t.equal((await ca.get(`/v1/accounts/${A.id}/balance`)).statusCode, 200, "reads its own account's balance");
  const list = await ca.get(`/v1/transactions?accountId=${A.id}&limit=200`);
  t.equal(list.statusCode, 200, "lists A's transactions");
  const ids = (list.json().data as Txn[]).map((x) => x.id);
  t.ok(ids.includes(saleId) && ids.includes(reversal.json().id) && ids.includes(captured.json().id), 'its sales and reversals are listed');
  t.ok(
    (list.json().data as Txn[]).every((x) => x.entries.some((e) => e.accountId === A.id)),
    'every listed transaction touches A',
  );
  t.notOk(ids.includes(saleB.id), "B's sale is not listed");
  const statement = await ca.get(`/v1/accounts/${A.id}/statement?limit=200`);
  t.equal(statement.statusCode, 200, "reads A's statement");
  const lines = (statement.json().lines as { transactionId: string }[]).map((l) => l.transactionId);
  t.ok(lines.includes(saleId) && lines.includes(reversal.json().id), 'with its sale and the reversal');
});

t.test('a cashier reverses only its own sales; an issuer only earnings (issue 13)', async (t) => {
  const pool = await open(boot, 'system');
  const resident = await fundedMember(boot, '50');
  const sale = await ok<Txn>(ca.post('/v1/redemptions', { accountId: resident.id, merchantAccountId: A.id, amount: '20' }), 'sale at A');
  // The two escalations the issue found: an admin's correction and a settlement touching A.
  const correction = await ok<Txn>(
    ad.post('/v1/transactions', {
      entries: [
        { accountId: A.id, amount: '-5' },
        { accountId: resident.id, amount: '5' },
      ],
      description: 'an admin moves 5 points from A to the resident',
    }),
    'admin adjustment',
  );
  const settlement = await ok<Txn>(
    ad.post('/v1/transactions', {
      entries: [
        { accountId: A.id, amount: '-10' },
        { accountId: pool.id, amount: '10' },
      ],
      description: 'settlement: A paid out',
    }),
    'settlement',
  );
  const gift = await ok<Txn>(is.post('/v1/transfers', { fromAccountId: resident.id, toAccountId: member.id, amount: '1' }), 'gift');
  const credit = await ok<Txn>(is.post('/v1/earnings', { accountId: resident.id, amount: '2', category: 'duty_shift' }), 'earning');
  const before = await balancesOf([resident.id, A.id, pool.id, member.id]);

  const forbidden = (res: LightMyRequestResponse, label: string) => expectProblem(t, res, 403, 'forbidden', { label });
  forbidden(await ca.post(`/v1/transactions/${correction.id}/reversals`, { reason: 'not a sale' }), "cashier A reverses an admin's adjustment into A");
  forbidden(await ca.post(`/v1/transactions/${settlement.id}/reversals`, { reason: 'not a sale' }), "cashier A reverses A's settlement");
  forbidden(await ca.post(`/v1/transactions/${correction.id}/reversals`, { reason: 'part', amount: '1' }), 'nor part of it');
  notFound(t, await ca.post(`/v1/transactions/${credit.id}/reversals`, { reason: 'not mine' }), 'cashier A reverses an earning it cannot see');
  notFound(t, await ca.post(`/v1/transactions/${gift.id}/reversals`, { reason: 'not mine' }), 'cashier A reverses a gift it cannot see');
  forbidden(await is.post(`/v1/transactions/${sale.id}/reversals`, { reason: 'not an earning' }), 'an issuer reverses a sale');
  forbidden(await is.post(`/v1/transactions/${gift.id}/reversals`, { reason: 'not an earning' }), 'an issuer reverses a gift');
  forbidden(await is.post(`/v1/transactions/${correction.id}/reversals`, { reason: 'not an earning' }), 'an issuer reverses an adjustment');
  notFound(t, await is.post(`/v1/transactions/${settlement.id}/reversals`, { reason: 'no member' }), 'an issuer reverses a settlement it cannot see');
  const refusal = await ca.post(`/v1/transactions/${settlement.id}/reversals`, { reason: 'again' });
  t.match(refusal.json().detail, /sales into its own supermarkets/, 'the refusal says what a cashier may reverse');

  t.same(await balancesOf([resident.id, A.id, pool.id, member.id]), before, 'no balance moved');
  for (const txn of [correction, settlement, gift, credit, sale]) {
    t.equal((await boot.get(`/v1/transactions/${txn.id}`)).json().reversedAmount, '0.00', `${txn.kind} ${txn.id} is not reversed`);
  }

  const refund = await ca.post(`/v1/transactions/${sale.id}/reversals`, { reason: 'returned goods', amount: '4' });
  t.equal(refund.statusCode, 201, 'cashier A reverses its own sale');
  const undo = await is.post(`/v1/transactions/${credit.id}/reversals`, { reason: 'credited twice' });
  t.equal(undo.statusCode, 201, 'an issuer reverses an earning');
  t.same(undo.json().postedBy, { keyId: issuer.id, role: 'issuer' }, 'posted by the issuer');
  const settled = await ad.post(`/v1/transactions/${settlement.id}/reversals`, { reason: 'settled by mistake' });
  t.equal(settled.statusCode, 201, 'an admin reverses the settlement');
});

t.test('an issuer: members, earnings, gifts; no adjustments, no merchants', async (t) => {
  const other = await fundedMember(boot, '10');
  const adjust = await is.post('/v1/transactions', {
    entries: [
      { accountId: member.id, amount: '-1' },
      { accountId: other.id, amount: '1' },
    ],
    description: 'an issuer tries to adjust',
  });
  expectProblem(t, adjust, 403, 'forbidden', { label: 'POST /v1/transactions (adjustment)' });

  for (const kind of ['merchant', 'system']) {
    const code = uniqueCode(`X-${kind}`);
    expectProblem(t, await is.post('/v1/accounts', { code, name: 'not allowed', kind }), 403, 'forbidden', { label: `open a ${kind} account` });
    const look = await boot.get(`/v1/accounts?code=${encodeURIComponent(code)}`);
    t.same(look.json().data, [], `no ${kind} account was opened`);
  }
  const code = uniqueCode('R-issuer');
  const opened = await is.post('/v1/accounts', { code, name: 'a resident', kind: 'member' });
  t.equal(opened.statusCode, 201, 'opens a member account');
  const mine = opened.json().id as string;

  t.equal((await is.post('/v1/earnings', { accountId: mine, amount: '5', category: 'public_labour' })).statusCode, 201, 'posts an earning');
  const batch = await is.post('/v1/earnings/batch', {
    items: [
      { accountId: mine, amount: '2', category: 'duty_shift' },
      { accountId: other.id, amount: '3', category: 'donation' },
    ],
  });
  t.equal(batch.statusCode, 201, 'posts a batch');
  t.equal(batch.json().data.length, 2, 'of two earnings');
  const gift = await is.post('/v1/transfers', { fromAccountId: mine, toAccountId: other.id, amount: '1.5' });
  t.equal(gift.statusCode, 201, 'posts a gift between members');
  t.equal((await boot.get(`/v1/accounts/${mine}`)).json().balance, '5.50', "the member's balance: 5 + 2 - 1.5");

  t.equal((await is.get(`/v1/accounts/${mine}`)).statusCode, 200, 'reads a member');
  notFound(t, await is.get(`/v1/accounts/${A.id}`), 'read a merchant account');
  notFound(t, await is.get(`/v1/accounts/${A.id}/balance`), "read a merchant's balance");
  notFound(t, await is.get(`/v1/accounts/${A.id}/statement`), "read a merchant's statement");
  // Listing a supermarket's transactions is reading its statement by another door.
  notFound(t, await is.get(`/v1/transactions?accountId=${A.id}`), "list a merchant's transactions");
  const passbook = await is.get(`/v1/accounts/${mine}/statement`);
  t.equal(passbook.statusCode, 200, "reads a member's statement");
  t.equal(passbook.json().closingBalance, '5.50', 'closing at the balance');

  const all = await is.get('/v1/accounts?limit=200');
  t.equal(all.statusCode, 200, 'lists accounts');
  const kinds = new Set((all.json().data as { kind: string }[]).map((a) => a.kind));
  t.same([...kinds], ['member'], 'members only');
  t.same((await is.get('/v1/accounts?kind=merchant')).json().data, [], 'asking for merchants: none');
  t.same((await is.get('/v1/accounts?kind=system')).json().data, [], 'asking for system accounts: none');
  t.same((await is.get(`/v1/accounts?code=${encodeURIComponent(A.code)}`)).json().data, [], "a merchant's code: nothing");
  t.equal(
    (await boot.get(`/v1/accounts?code=${encodeURIComponent(A.code)}`)).json().data.length,
    1,
    'while an admin finds that merchant by the same code',
  );
  const byCode = await is.get(`/v1/accounts?code=${encodeURIComponent(code)}`);
  t.same((byCode.json().data as { id: string }[]).map((a) => a.id), [mine], "a member's code: that member");
});

t.test('an auditor reads everything and writes nothing', async (t) => {
  const categories = await au.get('/v1/categories');
  t.equal(categories.statusCode, 200, 'lists categories');
  const issuance = (categories.json().data as { issuanceAccountId: string }[])[0]?.issuanceAccountId ?? '';
  for (const [label, id] of [
    ['a member', member.id],
    ['merchant A', A.id],
    ['merchant B', B.id],
    ['an issuance account', issuance],
  ] as const) {
    t.equal((await au.get(`/v1/accounts/${id}`)).statusCode, 200, `reads ${label}`);
    t.equal((await au.get(`/v1/accounts/${id}/balance`)).statusCode, 200, `reads the balance of ${label}`);
    t.equal((await au.get(`/v1/transactions?accountId=${id}`)).statusCode, 200, `lists the transactions of ${label}`);
  }
  t.equal((await au.get('/v1/accounts?limit=200')).statusCode, 200, 'lists accounts');
  const merchants = await au.get(`/v1/accounts?code=${encodeURIComponent(B.code)}`);
  t.same((merchants.json().data as { id: string }[]).map((a) => a.id), [B.id], 'finds a merchant by code');
  t.equal((await au.get('/v1/transactions')).statusCode, 200, 'lists all transactions');
  const sale = await au.get(`/v1/transactions/${saleB.id}`);
  t.equal(sale.statusCode, 200, 'reads a sale');
  t.equal(sale.json().id, saleB.id, 'that sale');
  t.equal((await au.get(`/v1/transactions/${earning.id}`)).statusCode, 200, 'reads an earning');
  const h = await au.get(`/v1/holds/${holdB.id}`);
  t.equal(h.statusCode, 200, 'reads a hold');
  t.equal(h.json().id, holdB.id, 'that hold');
  for (const id of [member.id, B.id]) {
    t.equal((await au.get(`/v1/accounts/${id}/statement`)).statusCode, 200, `reads the statement of ${id}`);
  }
  const since = encodeURIComponent(new Date(started - 60_000).toISOString());
  const trial = await au.get('/v1/reports/trial-balance');
  t.equal(trial.statusCode, 200, 'reads the trial balance');
  t.equal(trial.json().total, '0.00', 'which sums to 0.00');
  t.equal((await au.get(`/v1/reports/earnings?from=${since}`)).statusCode, 200, 'reads the earnings report');
  const journal = await au.get(`/v1/journal?format=jsonl&from=${since}`);
  t.equal(journal.statusCode, 200, `exports the journal; body: ${journal.body.slice(0, 200)}`);
  const verify = await au.get('/v1/audit/verify');
  t.equal(verify.statusCode, 200, `verifies the chain; body: ${verify.body.slice(0, 200)}`);

  const before = await balancesOf([member.id, A.id, B.id]);
  const other = await open(boot, 'member');
  const writes: [method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown][] = [
    ['POST', '/v1/accounts', { code: uniqueCode('R-aud'), name: 'n', kind: 'member' }],
    ['PATCH', `/v1/accounts/${member.id}`, { status: 'frozen' }],
    ['POST', '/v1/categories', { code: `aud${Date.now().toString(36)}`, name: 'n' }],
    ['POST', '/v1/earnings', { accountId: member.id, amount: '1', category: 'public_labour' }],
    ['POST', '/v1/earnings/batch', { items: [{ accountId: member.id, amount: '1', category: 'public_labour' }] }],
    ['POST', '/v1/redemptions', { accountId: member.id, merchantAccountId: A.id, amount: '1' }],
    ['POST', '/v1/transfers', { fromAccountId: member.id, toAccountId: other.id, amount: '1' }],
    ['POST', '/v1/holds', { accountId: member.id, merchantAccountId: A.id, amount: '1' }],
    ['POST', `/v1/holds/${holdB.id}/capture`, {}],
    ['POST', `/v1/holds/${holdB.id}/void`],
    ['POST', '/v1/transactions', { entries: [{ accountId: member.id, amount: '-1' }, { accountId: other.id, amount: '1' }], description: 'd' }],
    ['POST', `/v1/transactions/${saleB.id}/reversals`, { reason: 'r' }],
    ['POST', '/v1/api-keys', { name: 'n', role: 'admin' }],
    ['DELETE', `/v1/api-keys/${auditor.id}`],
  ];
  for (const [method, url, body] of writes) {
    expectProblem(t, await au.request(method, url, body), 403, 'forbidden', { label: `${method} ${url}` });
  }
  t.same(await balancesOf([member.id, A.id, B.id]), before, 'nothing changed');
  t.equal((await boot.get(`/v1/accounts/${member.id}`)).json().status, 'active', 'the member is not frozen');
  t.equal((await boot.get(`/v1/holds/${holdB.id}`)).json().status, 'pending', 'the hold is still pending');
  t.equal((await au.get('/v1/categories')).statusCode, 200, 'the auditor key was not revoked');
});

t.test('every transaction records who posted it', async (t) => {
  const other = await open(boot, 'member');
  const posted: [label: string, res: LightMyRequestResponse, key: { id: string }, role: string][] = [
    ['an earning by an issuer', await is.post('/v1/earnings', { accountId: member.id, amount: '2', category: 'public_labour' }), issuer, 'issuer'],
    ['a transfer by an issuer', await is.post('/v1/transfers', { fromAccountId: member.id, toAccountId: other.id, amount: '1' }), issuer, 'issuer'],
    ['a sale by a cashier', await ca.post('/v1/redemptions', { accountId: member.id, merchantAccountId: A.id, amount: '1' }), cashierA, 'cashier'],
    [
      'an adjustment by an admin',
      await ad.post('/v1/transactions', {
        entries: [
          { accountId: member.id, amount: '-1' },
          { accountId: other.id, amount: '1' },
        ],
        description: 'correction',
      }),
      admin,
      'admin',
    ],
  ];
  const h = await ok<HoldView>(cb.post('/v1/holds', { accountId: member.id, merchantAccountId: B.id, amount: '1' }), 'hold');
  posted.push(['a capture by a cashier', await cb.post(`/v1/holds/${h.id}/capture`, {}), cashierB, 'cashier']);
  const sale = await ok<Txn>(cb.post('/v1/redemptions', { accountId: member.id, merchantAccountId: B.id, amount: '1' }), 'sale');
  posted.push(['a reversal by a cashier', await cb.post(`/v1/transactions/${sale.id}/reversals`, { reason: 'r' }), cashierB, 'cashier']);

  for (const [label, res, key, role] of posted) {
    t.equal(res.statusCode, 201, `${label}: 201`);
    const id = res.json().id as string;
    t.same(res.json().postedBy, { keyId: key.id, role }, `${label}: the answer says who posted it`);
    const read = await boot.get(`/v1/transactions/${id}`);
    t.same(read.json().postedBy, { keyId: key.id, role }, `${label}: GET /v1/transactions/${id} says ${role} ${key.id}`);
  }

  const since = encodeURIComponent(new Date(started - 60_000).toISOString());
  const journal = await au.get(`/v1/journal?format=jsonl&from=${since}`);
  t.equal(journal.statusCode, 200, `the journal export answers; body: ${journal.body.slice(0, 200)}`);
  const exported = new Map<string, unknown>();
  if (journal.statusCode === 200) {
    for (const line of journal.body.split('\n')) {
      if (line.trim()) {
        const row = JSON.parse(line) as { id: string; postedBy?: unknown };
        exported.set(row.id, row.postedBy);
      }
    }
  }
  const expected = Object.fromEntries(posted.map(([, res, key, role]) => [res.json().id as string, { keyId: key.id, role }]));
  const found = Object.fromEntries(Object.keys(expected).map((id) => [id, exported.get(id)]));
  t.same(found, expected, 'the journal export names who posted each of them');
});

t.test('idempotency keys are scoped per API key', async (t) => {
  const target = await open(boot, 'member');
  const body = { accountId: target.id, amount: '1.25', category: 'public_labour', reference: 'shift-42' };
  const idem = { 'idempotency-key': uniqueCode('idem-shared') };
  const first = await is.post('/v1/earnings', body, idem);
  const second = await as(issuer2).post('/v1/earnings', body, idem);
  t.equal(first.statusCode, 201, 'issuer 1: 201');
  t.equal(second.statusCode, 201, 'issuer 2, same key, same body: 201');
  t.not(second.json().id, first.json().id, 'two different postings');
  t.equal(first.headers['idempotency-replayed'], undefined, 'issuer 1: not a replay');
  t.equal(second.headers['idempotency-replayed'], undefined, "issuer 2: not a replay of issuer 1's answer");
  t.equal(second.json().postedBy.keyId, issuer2.id, "issuer 2's posting is issuer 2's");

  const again = await is.post('/v1/earnings', body, idem);
  t.equal(again.statusCode, 201, 'issuer 1 again: 201');
  t.equal(again.headers['idempotency-replayed'], 'true', 'issuer 1 again: a replay');
  t.equal(again.json().id, first.json().id, "the replay is issuer 1's first posting");
  t.equal((await boot.get(`/v1/accounts/${target.id}`)).json().balance, '2.50', 'credited twice, not three times');
});

t.test('a revoked key gets 401 at once', async (t) => {
  const key = await createKey(boot, 'issuer');
  const c = as(key);
  t.equal((await c.get('/v1/categories')).statusCode, 200, 'works before');
  t.equal((await c.get('/v1/categories')).statusCode, 200, 'works again (now cached)');
  await revokeKey(boot, key.id);
  expectProblem(t, await c.get('/v1/categories'), 401, 'unauthorized', { label: 'the next request after revocation' });
  expectProblem(t, await c.post('/v1/accounts', { code: uniqueCode('R-rev'), name: 'n', kind: 'member' }), 401, 'unauthorized', { label: 'a write' });
  const listed = await boot.get('/v1/api-keys?limit=200');
  const row = (listed.json().data as { id: string; revokedAt: string | null }[]).find((k) => k.id === key.id);
  if (row) t.match(row.revokedAt, /^\d{4}-\d{2}-\d{2}T/, 'listed with revokedAt');
  expectProblem(t, await boot.request('DELETE', '/v1/api-keys/key_ZZZZZZZZZZ0000000000000000'), 404, 'not_found', { label: 'revoking an unknown key' });
});

t.test('POST /v1/api-keys validation', async (t) => {
  const member2: Opened = await open(boot, 'member');
  const cases: [label: string, body: Record<string, unknown>][] = [
    ['a cashier without merchantAccountIds', { name: 'c', role: 'cashier' }],
    ['a cashier with an empty merchantAccountIds', { name: 'c', role: 'cashier', merchantAccountIds: [] }],
    ['an issuer with merchantAccountIds', { name: 'i', role: 'issuer', merchantAccountIds: [A.id] }],
    ['an admin with merchantAccountIds', { name: 'a', role: 'admin', merchantAccountIds: [A.id] }],
    ['a cashier bound to a member account', { name: 'c', role: 'cashier', merchantAccountIds: [member2.id] }],
    ['a cashier bound to an account that does not exist', { name: 'c', role: 'cashier', merchantAccountIds: ['acct_ZZZZZZZZZZ0000000000000000'] }],
    ['an unknown role', { name: 'x', role: 'root' }],
    ['an unknown field', { name: 'x', role: 'auditor', scopes: ['all'] }],
    ['an expiry in the past', { name: 'x', role: 'auditor', expiresAt: '2020-01-01T00:00:00Z' }],
  ];
  for (const [label, body] of cases) {
    expectProblem(t, await boot.post('/v1/api-keys', body), 400, 'validation_failed', { label });
  }
});

t.test('the secret is shown once, and it is at least 128 random bits', async (t) => {
  const made = await boot.post('/v1/api-keys', { name: uniqueCode('once'), role: 'auditor' });
  t.equal(made.statusCode, 201, 'created');
  const { id, key } = made.json() as { id: string; key: string };
  const second = await createKey(boot, 'auditor');
  t.match(key, /^tbk_[A-Za-z0-9_-]+$/, 'tbk_ and base64url characters only');
  const random = key.slice('tbk_'.length);
  t.ok(random.length * 6 >= 128, `the random part carries ${random.length * 6} bits (>= 128)`);
  t.ok(random.length >= 22, `at least 22 base64url characters (${random.length})`);
  t.not(second.key, key, 'two keys differ');
  t.ok(new Set(random).size >= 16, 'the random part is not a repeated pattern');

  // Page through the list until our key shows up; other test files may be adding keys.
  let cursor: string | null = null;
  let row: Record<string, unknown> | undefined;
  let pages = 0;
  do {
    const res: LightMyRequestResponse = await boot.get(`/v1/api-keys?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    t.equal(res.statusCode, 200, `GET /v1/api-keys page ${pages + 1}`);
    t.notOk(res.body.includes(key), 'the list never carries the secret');
    t.notOk(res.body.includes(second.key), "nor another key's secret");
    const page = res.json() as { data: Record<string, unknown>[]; nextCursor: string | null };
    for (const k of page.data) {
      t.notOk('key' in k || 'secretHash' in k || 'secret' in k, `${String(k.id)}: no key, secret or hash in the listing`);
    }
    row = page.data.find((k) => k.id === id);
    cursor = page.nextCursor;
    pages += 1;
  } while (!row && cursor && pages < 50);
  t.ok(row, 'the key is listed');
  t.match(row, { id, role: 'auditor', revokedAt: null }, 'with its id and role');
  t.equal((await as({ key }).get('/v1/transactions?limit=1')).statusCode, 200, 'the secret works as a bearer key');
});

t.test('per-key rate limit: 429 rate_limited with Retry-After', async (t) => {
  const limited = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '5' }, { database: app.db });
  t.teardown(() => limited.close());
  const c = client(limited);
  const busy = await createKey(c, 'issuer');
  const calm = await createKey(c, 'auditor');
  for (let i = 1; i <= 5; i += 1) {
    const res = await limited.inject({ method: 'GET', url: '/v1/categories', headers: bearer(busy.key) });
    t.equal(res.statusCode, 200, `request ${i} of 5: 200`);
  }
  const sixth = await limited.inject({ method: 'GET', url: '/v1/categories', headers: bearer(busy.key) });
  expectProblem(t, sixth, 429, 'rate_limited', { label: 'the 6th quick request' });
  const retryAfter = Number(sixth.headers['retry-after']);
  t.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After is whole seconds (${String(sixth.headers['retry-after'])})`);
  const other = await limited.inject({ method: 'GET', url: '/v1/categories', headers: bearer(calm.key) });
  t.equal(other.statusCode, 200, 'another key still passes');
});

t.test('body size limit: 413 payload_too_large', async (t) => {
  const small = await buildTestApp({ BODY_LIMIT_BYTES: '2048' }, { database: app.db });
  t.teardown(() => small.close());
  const c = client(small);
  const code = uniqueCode('R-big');
  const big = { code, name: 'big', kind: 'member', metadata: { a: 'x'.repeat(1000), b: 'x'.repeat(1000), c: 'x'.repeat(1000), d: 'x'.repeat(1000) } };
  t.ok(JSON.stringify(big).length > 4000, 'a body of about 4 KB');
  expectProblem(t, await c.post('/v1/accounts', big), 413, 'payload_too_large', { label: '4 KB against a 2 KB limit' });
  t.same((await c.get(`/v1/accounts?code=${encodeURIComponent(code)}`)).json().data, [], 'nothing was opened');
  const fits = await c.post('/v1/accounts', { ...big, metadata: { a: 'x'.repeat(1000) } });
  t.equal(fits.statusCode, 201, 'a body under the limit passes');
});
