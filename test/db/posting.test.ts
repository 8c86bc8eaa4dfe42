/**
 * The posting function (sql/functions/ledger_post_batch.sql; ledger_post is its batch of
 * one), called with raw SQL: the caller's clock (p_now) decides whether a hold still
 * reserves points while the database's clock records; a batch gathers a multi-row debit as
 * a posting alone does; and malformed calls are refused by their own codes.
 */
import { sql } from 'drizzle-orm';
import t from 'tap';
import { rows, sqlState } from '../../src/db/client.js';
import { arrayLiteral } from '../../src/db/sql.js';
import { newId } from '../../src/ledger/ids.js';
import { buildTestApp, client, fixture } from '../helpers/app.js';

const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const fx = fixture(c);
const MINUTE = 60_000;

/** One posting through ledger_post; p_now only when given. */
function post(accounts: string[], amounts: number[], now?: Date) {
  const clock = now ? sql`, p_now => ${now.toISOString()}::timestamptz` : sql``;
  return rows<{ recorded: string }>(
    app.db.db,
    sql`SELECT ledger_post(${newId('txn')}, 'redemption', NULL, 'raw', NULL, NULL, NULL, NULL, '{}'::jsonb, NULL, NULL, NULL,
          ${arrayLiteral(accounts)}::text[], ${arrayLiteral(amounts.map(String))}::bigint[], NULL${clock})::text AS recorded`,
  );
}

async function failure(attempt: Promise<unknown>): Promise<string | undefined> {
  return attempt.then(
    () => 'no error',
    (e: unknown) => sqlState(e),
  );
}

t.test("a hold reserves points until the caller's clock passes its expiry; the row is recorded on the database's", async (t) => {
  const member = (await fx.member('50.00')).id;
  const shop = (await fx.merchant()).id;
  const hold = await c.post('/v1/holds', { accountId: member, merchantAccountId: shop, amount: '40.00' });
  t.equal(hold.statusCode, 201, 'a hold of 40.00 for 15 minutes');
  const expiresAt = Date.parse(hold.json().expiresAt as string);

  t.equal(await failure(post([member, shop], [-2000, 2000])), 'LD003', 'now: 10.00 available, 20.00 refused');
  t.equal(await failure(post([member, shop], [-2000, 2000], new Date(expiresAt - MINUTE))), 'LD003', 'a minute before expiry: still refused');
  const later = new Date(expiresAt + MINUTE);
  const [written] = await post([member, shop], [-2000, 2000], later);
  t.ok(written && Date.parse(written.recorded) < later.getTime() - 10 * MINUTE, "a minute after expiry it posts, recorded at the database's time");
  t.equal(await fx.balance(member), '30.00', 'the 20.00 left the member');
});

t.test('a batch gathers a debit from a merchant of many balance rows, as a posting alone does', async (t) => {
  const shop = (await fx.merchant()).id;
  const buyers = [(await fx.member('10.00')).id, (await fx.member('10.00')).id];
  // Credits from two database transactions land on rows chosen per transaction.
  for (const buyer of buyers) t.equal((await c.post('/v1/redemptions', { accountId: buyer, merchantAccountId: shop, amount: '6.00' })).statusCode, 201);
  const refunds = buyers.map(() => newId('txn'));
  const answers = await rows<{ code: string | null }>(
    app.db.db,
    sql`SELECT error_code AS code FROM ledger_post_batch(
          ${arrayLiteral(refunds)}::text[], ARRAY['adjustment', 'adjustment']::text[], ARRAY[NULL, NULL]::timestamptz[],
          ARRAY['refund', 'refund']::text[], ARRAY[NULL, NULL]::text[], ARRAY[NULL, NULL]::text[], ARRAY['{}', '{}']::jsonb[],
          ARRAY[NULL, NULL]::jsonb[], ARRAY[NULL, NULL]::text[], ARRAY[NULL, NULL]::text[],
          ARRAY[1, 1, 2, 2]::int[], ${arrayLiteral([shop, buyers[0] ?? '', shop, buyers[1] ?? ''])}::text[],
          ARRAY[-500, 500, -800, 800]::bigint[], ARRAY[NULL, NULL, NULL, NULL]::text[]) ORDER BY posting`,
  );
  t.same(answers.map((a) => a.code), [null, 'LD003'], 'the first refund is written; the second would take 13.00 of 12.00 and is refused alone');
  t.equal(await fx.balance(shop), '7.00', 'the merchant paid 5.00 back');
  const shards = await rows<{ shard: number; balance: string }>(
    app.db.db,
    sql`SELECT shard, balance::text FROM account_balances WHERE account_id = ${shop} AND balance <> 0 ORDER BY shard`,
  );
  t.same(shards, [{ shard: 0, balance: '700' }], 'its rows were gathered into row 0 first');
});

t.test('malformed calls and postings without two legs', async (t) => {
  const member = (await fx.member('10.00')).id;
  const shop = (await fx.merchant()).id;
  const batch = (postings: number[], ids = [newId('txn'), newId('txn')]) =>
    rows<{ code: string | null }>(
      app.db.db,
      sql`SELECT error_code AS code FROM ledger_post_batch(
            ${arrayLiteral(ids)}::text[], ARRAY['redemption', 'redemption']::text[], ARRAY[NULL, NULL]::timestamptz[],
            ARRAY[NULL, NULL]::text[], ARRAY[NULL, NULL]::text[], ARRAY[NULL, NULL]::text[], ARRAY['{}', '{}']::jsonb[],
            ARRAY[NULL, NULL]::jsonb[], ARRAY[NULL, NULL]::text[], ARRAY[NULL, NULL]::text[],
            ${arrayLiteral(postings.map(String))}::int[], ${arrayLiteral(postings.map((_, i) => (i % 2 ? shop : member)))}::text[],
            ${arrayLiteral(postings.map((_, i) => (i % 2 ? '100' : '-100')))}::bigint[], NULL) ORDER BY posting`,
    );
  t.equal(await failure(batch([2, 2, 1, 1])), 'LD011', 'legs not listed posting by posting');
  t.equal(await failure(batch([1, 1, 3, 3])), 'LD011', 'a posting number beyond the batch');
  t.same((await batch([1, 1])).map((a) => a.code), [null, 'LD002'], 'a posting with no legs is refused alone (LD002), the other written');
  t.equal(await failure(post([member], [-100])), 'LD002', 'ledger_post: one leg');
  t.equal(await failure(post([member, shop], [-100, 99])), 'LD002', 'ledger_post: legs that do not sum to zero');
  t.equal(await fx.balance(member), '9.00', 'only the one good posting moved points');
});
