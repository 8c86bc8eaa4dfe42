/**
 * A secret is shown once and never stored (issue 13): POST /v1/api-keys with an
 * Idempotency-Key kept the answer, plaintext secret included, for the key's lifetime, and a
 * replay handed it out again. Afterwards no column of any table, and no log line, may hold it.
 */
import { sql } from 'drizzle-orm';
import t from 'tap';
import { rows } from '../../src/db/client.js';
import { ADMIN_KEY, buildTestApp, client, uniqueCode } from '../helpers/app.js';
import { bearer, memoryLog, open } from '../helpers/access.js';

const log = memoryLog();
const app = await buildTestApp({}, { logger: { level: 'trace', stream: log.stream } });
t.teardown(() => app.close());
const boot = client(app);

/** Every table and column of the public schema, each read as text. */
async function columnsHolding(needle: string): Promise<string[]> {
  const columns = await rows<{ table: string; column: string }>(
    app.db.db,
    sql`SELECT c.table_name AS "table", c.column_name AS "column"
          FROM information_schema.columns c
          JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
         ORDER BY 1, 2`,
  );
  const found: string[] = [];
  for (const { table, column } of columns) {
    const [hit] = await rows<{ n: number }>(
      app.db.db,
      sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE strpos(${sql.identifier(column)}::text, ${needle}) > 0`,
    );
    if ((hit?.n ?? 0) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

t.test('an API key made with an Idempotency-Key: the secret is answered once and stored nowhere', async (t) => {
  const shop = await open(boot, 'merchant');
  const body = { name: uniqueCode('till'), role: 'cashier', merchantAccountIds: [shop.id] };
  const idem = { 'idempotency-key': uniqueCode('make-till-key') };

  const first = await boot.post('/v1/api-keys', body, idem);
  t.equal(first.statusCode, 201, `created; body: ${first.body.slice(0, 200)}`);
  const made = first.json() as { id: string; key: string | null };
  t.match(made.key, /^tbk_[A-Za-z0-9_-]{40,}$/, 'the first answer carries the secret');
  const secret = String(made.key);
  // The random part alone, so that a copy stored without its prefix is found too.
  const random = secret.slice('tbk_'.length);

  const replay = await boot.post('/v1/api-keys', body, idem);
  t.equal(replay.statusCode, 201, 'the replay answers the same status');
  t.equal(replay.headers['idempotency-replayed'], 'true', 'marked as a replay');
  t.notOk(replay.body.includes(random), 'the replay does not carry the secret');
  t.same(replay.json(), { ...(first.json() as object), key: null }, 'the same body, but key: null');

  const tables = await rows<{ n: number }>(
    app.db.db,
    sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  t.ok((tables[0]?.n ?? 0) >= 8, `the scan covers every table of the public schema (${tables[0]?.n})`);
  const stored = await rows<{ n: number }>(app.db.db, sql`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = ${idem['idempotency-key']}`);
  t.equal(stored[0]?.n, 1, 'the answer was stored for replays…');
  t.same(await columnsHolding(random), [], '…and no column of any table holds the secret');
  t.same(await columnsHolding(ADMIN_KEY.slice('tbk_'.length)), [], 'nor the bootstrap admin key');

  const works = await app.inject({ method: 'GET', url: `/v1/accounts/${shop.id}`, headers: bearer(secret) });
  t.equal(works.statusCode, 200, 'the secret from the first answer works as a bearer key');

  t.ok(log.lines.length > 0, `the log was captured (${log.lines.length} lines)`);
  t.same(
    log.lines.filter((l) => l.includes(random)),
    [],
    'no log line holds the secret',
  );
});
