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
