import { sql } from 'drizzle-orm';
import pg from 'pg';
import t from 'tap';
import { rows } from '../../src/db/client.js';
import { client, fixture } from '../helpers/app.js';
import { isolatedApp } from '../helpers/audit.js';

/**
 * The hot reads and the postings run as named prepared statements on PostgreSQL
 * (src/db/client.ts rows(..., prepared)): parsed and planned once per connection. With one
 * pooled connection, the server must hold them after use, one per shape, and answer the
 * same as before when they are reused.
 */

t.test('account reads, statement pages and postings are prepared once per connection', async (t) => {
  const iso = await isolatedApp({ DB_POOL_MAX: '1', DB_READ_POOL_MAX: '1', SEQUENCER_INTERVAL_MS: '0', CHECKPOINT_INTERVAL_MS: '0' });
  t.teardown(() => iso.close());
  const c = client(iso.app);
  const f = fixture(c);
  const member = await f.member('50');
  const shop = await f.merchant();

  for (let i = 0; i < 3; i++) {
    const redeemed = await c.post('/v1/redemptions', { accountId: member.id, merchantAccountId: shop.id, amount: '1.25' });
    t.equal(redeemed.statusCode, 201, `redemption ${i + 1} posted`);
    const read = await c.get(`/v1/accounts/${member.id}`);
    t.equal(read.json().balance, (50 - 1.25 * (i + 1)).toFixed(2), `read ${i + 1} after it sees it`);
    const statement = await c.get(`/v1/accounts/${member.id}/statement?limit=100`);
    t.equal(statement.json().lines.length, i + 2, `statement ${i + 1} lists every line so far`);
  }

  // Reads run on the read pool (one connection here); postings in the group-commit lane,
  // whose idle connection the pool hands out last in, first out.
  const list = sql`SELECT name FROM pg_prepared_statements ORDER BY name`;
  const names = [
    ...(await rows<{ name: string }>(iso.app.db.reads, list)),
    ...(await iso.app.db.autocommit((ex) => rows<{ name: string }>(ex, list), { quick: true })),
  ].map((p) => p.name);
  // One posting at a time goes through ledger_post ('post'); a batch would be 'post_batch'.
  for (const kind of ['account', 'statement', 'post']) {
    const shape = new RegExp(`^${kind}_[0-9a-f]{16}$`);
    t.equal(names.filter((n) => shape.test(n)).length, 1, `one ${kind} statement on the connection, reused (${names.join(', ')})`);
  }

  // A migration elsewhere changes what the account read returns: the connection's prepared
  // statement is then refused for good. The read must still answer, on a fresh connection.
  const admin = new pg.Client({ connectionString: iso.databaseUrl });
  await admin.connect();
  try {
    await admin.query('ALTER TABLE accounts ALTER COLUMN name TYPE varchar(200)');
  } finally {
    await admin.end();
  }
  const after = await c.get(`/v1/accounts/${member.id}`);
  t.equal(after.statusCode, 200, 'an account read after the change still answers');
  t.equal(after.json().balance, '46.25', 'and answers right');
  const again = await c.get(`/v1/accounts/${member.id}`);
  t.equal(again.json().balance, '46.25', 'so does the next one, prepared afresh');
});

t.test('a keyed posting prepares its transaction statements once per connection', async (t) => {
  const iso = await isolatedApp({ DB_POOL_MAX: '1', SEQUENCER_INTERVAL_MS: '0', CHECKPOINT_INTERVAL_MS: '0' });
  t.teardown(() => iso.close());
  const c = client(iso.app);
  const f = fixture(c);
  const member = await f.member('50');
  const shop = await f.merchant();
  const redeem = (key: string) =>
    c.post('/v1/redemptions', { accountId: member.id, merchantAccountId: shop.id, amount: '1.25' }, { 'idempotency-key': key });

  const first = await redeem('till-1');
  t.equal(first.statusCode, 201, 'the first keyed redemption posts');
  for (let i = 2; i <= 3; i++) t.equal((await redeem(`till-${i}`)).statusCode, 201, `keyed redemption ${i} posts`);

  // The writes' pool has one connection: every transaction above ran on it, and so does this.
  const list = sql`SELECT name FROM pg_prepared_statements ORDER BY name`;
  const names = (await iso.app.db.transaction((tx) => rows<{ name: string }>(tx, list))).map((p) => p.name);
  for (const kind of ['idempotency_lock', 'idempotency_find', 'idempotency_store', 'post']) {
    const shape = new RegExp(`^${kind}_[0-9a-f]{16}$`);
    t.equal(names.filter((n) => shape.test(n)).length, 1, `one ${kind} statement on the connection, reused (${names.join(', ')})`);
  }

  // A migration elsewhere changes what the stored-answer lookup returns. The transaction that
  // meets the refused statement is run again on a fresh connection: the caller sees nothing.
  const admin = new pg.Client({ connectionString: iso.databaseUrl });
  await admin.connect();
  try {
    await admin.query('ALTER TABLE idempotency_keys ALTER COLUMN request_hash TYPE varchar(200)');
  } finally {
    await admin.end();
  }
  const fresh = await redeem('till-4');
  t.equal(fresh.statusCode, 201, 'a keyed redemption after the change posts');
  const replay = await redeem('till-1');
  t.equal(replay.statusCode, 201, 'a retry of an earlier one after the change answers');
  t.equal(replay.headers['idempotency-replayed'], 'true', 'as a replay');
  t.same(replay.json(), first.json(), 'with the first answer');
  t.equal(await f.balance(member.id), '45.00', 'four redemptions charged, none twice');
});
