import net from 'node:net';
import pg from 'pg';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ADMIN_KEY, client, fixture, sleep, TEST_API_KEY_SECRET } from '../helpers/app.js';
import { isolatedApp } from '../helpers/audit.js';
import { suiteServer } from '../helpers/database.js';
import { expectProblem } from '../helpers/contract.js';

// Faults are injected into a database of the test's own on the run's PostgreSQL server: a
// second session holds row locks, and pg_terminate_backend ends the service's own connections.
const serverUrl = suiteServer().adminUrl;

/**
 * Ends a session of the test's own, giving up after a while: a session whose backend a fault
 * already ended may never answer its goodbye, and a teardown waiting on it for ever would
 * leave the file unfinished.
 */
async function endWithin(session: pg.Client, ms = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([session.end().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
await run();

async function run(): Promise<void> {
  // Two seconds, not one: "other merchants post without waiting for the lock" is timed against
  // it, and a loaded 2-core machine alone can take a second to answer that burst.
  const LOCK_TIMEOUT_S = 2;
  const iso = await isolatedApp({ DB_LOCK_TIMEOUT_S: String(LOCK_TIMEOUT_S) });
  const c = client(iso.app);
  const f = fixture(c);
  const url = iso.databaseUrl as string;

  /** A second session, as psql would be: its row locks are what the service waits on. */
  async function session(): Promise<pg.Client> {
    const s = new pg.Client({ connectionString: url });
    s.on('error', () => undefined);
    await s.connect();
    return s;
  }
  const admin = await session();
  // The session first: dropping the database would end it under its feet.
  t.teardown(async () => {
    await endWithin(admin);
    await iso.close();
  });

  /** The service's backends that wait for a lock right now. */
  async function waitingBackends(): Promise<number[]> {
    const r = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'timebank-ledger:%' AND wait_event_type = 'Lock'`,
    );
    return r.rows.map((row) => row.pid);
  }
  async function untilWaiting(n = 1): Promise<number[]> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const pids = await waitingBackends();
      if (pids.length >= n || Date.now() > deadline) return pids;
      await sleep(10);
    }
  }
  async function lockBalances(s: pg.Client, accountId: string): Promise<void> {
    await s.query('BEGIN');
    await s.query('SELECT 1 FROM account_balances WHERE account_id = $1 FOR UPDATE', [accountId]);
  }
  const redeem = (body: object, key?: string) => c.post('/v1/redemptions', body, key ? { 'idempotency-key': key } : {});

  t.test('a backend terminated mid-request: 503 unavailable, the process lives, the retry succeeds', async (t) => {
    const member = await f.member('50');
    const shop = await f.merchant();
    const locker = await session();
    t.teardown(() => endWithin(locker));
    for (const key of ['kill-keyed-1', undefined]) {
      const label = key ? 'with an Idempotency-Key (a transaction)' : 'without a key (the group-commit lane)';
      await lockBalances(locker, shop.id);
      const pending = redeem({ accountId: member.id, merchantAccountId: shop.id, amount: '1.00' }, key);
      const [pid] = await untilWaiting();
      t.ok(pid, `${label}: the posting waits on the lock`);
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const res = await pending;
      expectProblem(t, res, 503, 'unavailable');
      t.equal(res.headers['retry-after'], '1', `${label}: Retry-After`);
      await locker.query('ROLLBACK');
      const started = Date.now();
      const again = await redeem({ accountId: member.id, merchantAccountId: shop.id, amount: '1.00' }, key);
      t.equal(again.statusCode, 201, `${label}: the next request succeeds (${again.body.slice(0, 200)})`);
      t.ok(Date.now() - started < 2000, `${label}: within 2 s`);
    }
    t.equal(await f.balance(member.id), '48.00', 'each redemption written once');
  });

  t.test('idle and checked-out connections killed together: nothing crashes, the next requests succeed', async (t) => {
    const member = await f.member('5');
    for (let round = 0; round < 3; round++) {
      // A read and a write in flight while every backend of the service is ended.
      const inFlight = [c.get(`/v1/accounts/${member.id}`), c.get('/readyz'), c.get(`/v1/transactions?accountId=${member.id}`)];
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name LIKE 'timebank-ledger:%'`,
      );
      for (const res of await Promise.all(inFlight)) {
        t.ok([200, 503].includes(res.statusCode), `answered ${res.statusCode}, not a dropped socket`);
      }
      await sleep(50);
      t.equal((await c.get(`/v1/accounts/${member.id}`)).statusCode, 200, `round ${round}: a read succeeds again`);
      t.equal((await c.get('/readyz')).statusCode, 200, `round ${round}: ready again`);
    }
  });

  t.test('a lock held past lock_timeout: 503 busy, nothing written, the same Idempotency-Key then succeeds', async (t) => {
    const member = await f.member('20');
    const shop = await f.merchant();
    const locker = await session();
    t.teardown(() => endWithin(locker));
    await lockBalances(locker, shop.id);
    const body = { accountId: member.id, merchantAccountId: shop.id, amount: '2.00' };
    const started = Date.now();
    const res = await redeem(body, 'busy-key-1');
    const waited = Date.now() - started;
    expectProblem(t, res, 503, 'busy');
    t.equal(res.headers['retry-after'], '1', 'Retry-After');
    t.ok(waited >= LOCK_TIMEOUT_S * 1000 - 50 && waited < LOCK_TIMEOUT_S * 1000 + 2000, `gave up after the lock timeout (${waited} ms)`);
    const unkeyed = await redeem(body);
    expectProblem(t, unkeyed, 503, 'busy');
    await locker.query('ROLLBACK');
    t.equal(await f.balance(member.id), '20.00', 'nothing was written');
    const retry = await redeem(body, 'busy-key-1');
    t.equal(retry.statusCode, 201, 'the retry with the same key is posted');
    t.notOk(retry.headers['idempotency-replayed'], 'and is not a replay of the busy answer');
    t.equal(await f.balance(member.id), '18.00', 'once');
  });

  t.test('one merchant locked: other merchants post, members read, /readyz is ready at once', async (t) => {
    const locked = await f.merchant();
    const others = [await f.merchant(), await f.merchant(), await f.merchant()];
    const members = await Promise.all(Array.from({ length: 12 }, () => f.member('100')));
    // Other residents shop elsewhere (a resident waiting at the locked till holds her own row).
    const shoppers = await Promise.all(Array.from({ length: 12 }, () => f.member('100')));
    const locker = await session();
    t.teardown(() => endWithin(locker));
    await lockBalances(locker, locked.id);

    // More postings to the locked merchant than the pool has connections, keyed and not.
    const blocked = members.flatMap((m, i) => [
      redeem({ accountId: m.id, merchantAccountId: locked.id, amount: '1.00' }, `stuck-${i}`),
      redeem({ accountId: m.id, merchantAccountId: locked.id, amount: '1.00' }),
    ]);
    await untilWaiting(2);

    const started = Date.now();
    const answers = await Promise.all(
      shoppers.flatMap((m, i) => [
        redeem({ accountId: m.id, merchantAccountId: (others[i % others.length] as { id: string }).id, amount: '1.00' }, `free-${i}`),
        redeem({ accountId: m.id, merchantAccountId: (others[(i + 1) % others.length] as { id: string }).id, amount: '1.00' }),
      ]),
    );
    const postedMs = Date.now() - started;
    t.same(
      answers.map((r) => r.statusCode),
      answers.map(() => 201),
      'every redemption into another merchant is posted',
    );
    t.ok(postedMs < LOCK_TIMEOUT_S * 1000, `without waiting for the lock (${postedMs} ms)`);

    const readStarted = Date.now();
    const reads = await Promise.all(members.map((m) => c.get(`/v1/accounts/${m.id}`)));
    t.ok(reads.every((r) => r.statusCode === 200), 'members read their balances');
    const ready0 = Date.now();
    const ready = await c.get('/readyz');
    t.equal(ready.statusCode, 200, '/readyz: ready');
    t.ok(Date.now() - ready0 < 1000, `/readyz answered in ${Date.now() - ready0} ms`);
    t.ok(Date.now() - readStarted < 1000, 'reads answered within a second');

    const stuck = await Promise.all(blocked);
    t.ok(stuck.every((r) => r.statusCode === 503 && r.json().code === 'busy'), `the locked merchant's postings are answered busy (${[...new Set(stuck.map((r) => r.statusCode))].join(',')})`);
    await locker.query('ROLLBACK');
    const after = await redeem({ accountId: (members[0] as { id: string }).id, merchantAccountId: locked.id, amount: '1.00' });
    t.equal(after.statusCode, 201, 'the merchant takes redemptions once the lock is gone');
  });
}

/* ------------------------------------------------------------------ start-up */

{
  const target = new URL(serverUrl);
  // The embedded cluster listens on a Unix socket only (?host=<folder>); a server on TCP.
  const socketDir = target.searchParams.get('host');
  const connectUpstream = () =>
    socketDir ? net.connect(`${socketDir}/.s.PGSQL.${target.port || 5432}`) : net.connect(Number(target.port || 5432), target.hostname);

  async function withDatabase(work: (name: string) => Promise<void>): Promise<void> {
    const name = `tl_start_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: target.href });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      await work(name);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await endWithin(admin);
    }
  }

  const env = (databaseUrl: string, extra: Record<string, string> = {}) =>
    loadConfig({
      DATABASE_URL: databaseUrl,
      DATA_DIR: 'memory://',
      API_KEY_SECRET: TEST_API_KEY_SECRET,
      BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      RATE_LIMIT_PER_MINUTE: '0',
      ...extra,
    });

  t.test('start against a database not ready yet: waits, logging each try, then serves', async (t) => {
    // A proxy that first resets connections, then answers as a starting server does (57P03),
    // and after a second forwards to the real one.
    let opened = Number.POSITIVE_INFINITY;
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      const age = Math.max(0, Date.now() - opened);
      if (age < 500) {
        socket.destroy();
        return;
      }
      if (age < 1000) {
        socket.once('data', () => {
          const fields = 'SFATAL\0C57P03\0Mthe database system is starting up\0\0';
          const packet = Buffer.alloc(5 + Buffer.byteLength(fields));
          packet.write('E', 0);
          packet.writeInt32BE(4 + Buffer.byteLength(fields), 1);
          packet.write(fields, 5);
          socket.end(packet);
        });
        return;
      }
      const upstream = connectUpstream();
      upstream.on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    t.teardown(() => {
      for (const s of sockets) s.destroy();
      proxy.close();
    });
    const port = (proxy.address() as net.AddressInfo).port;

    await withDatabase(async (name) => {
      const viaProxy = new URL(`postgres://127.0.0.1:${port}/${name}`);
      viaProxy.username = target.username;
      viaProxy.password = target.password;
      const lines: Record<string, unknown>[] = [];
      const stream = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
      opened = Date.now();
      const app = await buildApp(env(viaProxy.href, { LOG_LEVEL: 'info', DB_CONNECT_TIMEOUT_S: '10' }), { logger: { stream } });
      try {
        t.ok(Date.now() - opened >= 1000, 'it waited for the database');
        t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200, 'and serves');
        const tries = lines.filter((l) => l.msg === 'the database is not accepting connections yet; trying again');
        t.ok(tries.length >= 2, `each try was logged (${tries.length})`);
        t.ok(tries.some((l) => l.code === '57P03'), 'a try names "the database system is starting up" (57P03)');
        t.ok(tries.some((l) => l.code !== '57P03'), 'and a try names the dropped connection');
      } finally {
        await app.close();
      }
    });
  });

  t.test('start against no database at all: gives up after DB_CONNECT_TIMEOUT_S', async (t) => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const started = Date.now();
    await t.rejects(buildApp(env(`postgres://postgres@127.0.0.1:${port}/nothing`, { LOG_LEVEL: 'silent', DB_CONNECT_TIMEOUT_S: '1' })), /did not accept connections within 1 s .*ECONNREFUSED/);
    const took = Date.now() - started;
    t.ok(took >= 500 && took < 3000, `after about a second (${took} ms)`);
  });
}
