/**
 * The bank test: the real service under concurrent load, with the faults a community
 * deployment meets (the service killed with -9, the database restarted in immediate mode,
 * the service's connections terminated, a row lock held by someone else), then every
 * unknown outcome retried with its Idempotency-Key and the books checked.
 *
 *   npm run test:faults                      # 60 s of load, 48 clients
 *   BANK_SECONDS=30 BANK_CLIENTS=24 npm run test:faults   # the short form CI runs
 *
 * It runs the service as `npm start` does (node dist/server.js, embedded PostgreSQL in a
 * fresh data folder) and exits non-zero when any check fails. It prints the recovery time
 * after each fault and one closing line `N passed, N failed` over its checks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from 'node:net';
import { cluster, type Cluster } from './cluster.js';

const SECONDS = Number(process.env.BANK_SECONDS ?? 60);
const CLIENTS = Number(process.env.BANK_CLIENTS ?? 48);
const MEMBERS = 64;
const MERCHANTS = 4;
const REQUEST_TIMEOUT_MS = 20_000;
/** How long the service may take to answer /readyz after a start. */
const START_TIMEOUT_MS = 60_000;
/** The row lock the test holds on one supermarket's balance rows. */
const LOCK_HOLD_MS = Math.min(10_000, Math.max(3_000, (SECONDS * 1000) / 8));

/* ------------------------------------------------------------------ the service */

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

class Service {
  private child: ChildProcess | undefined;
  private expectingExit = false;
  private output = '';
  readonly unexpectedExits: string[] = [];

  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the service and resolves when /readyz answers 200; returns the time it took. */
  async start(): Promise<number> {
    const started = performance.now();
    this.expectingExit = false;
    this.output = '';
    const child = spawn(process.execPath, ['dist/server.js'], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        DATA_DIR: this.dataDir,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '0',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (!this.expectingExit) {
        this.unexpectedExits.push(`exit code ${code} signal ${signal}\n${this.output.slice(-4_000)}`);
      }
    });
    while (performance.now() - started < START_TIMEOUT_MS) {
      if (!this.child) throw new Error(`the service exited while starting:\n${this.output}`);
      try {
        const res = await fetch(`${this.base}/readyz`, { signal: AbortSignal.timeout(1_000) });
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await sleep(25);
    }
    throw new Error(`the service did not become ready in ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }

  async kill9(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.expectingExit = true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child) return null;
    this.expectingExit = true;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }
}

/* ------------------------------------------------------------------ the load */

type Outcome = 'ack' | 'refused' | 'unknown';

interface Op {
  key: string;
  kind: 'earning' | 'redemption' | 'transfer' | 'hold' | 'capture' | 'void' | 'reversal';
  method: 'POST';
  path: string;
  body: Record<string, unknown>;
  outcome: Outcome;
  status?: number;
  /** The transaction (or hold) id the acknowledged answer named. */
  resultId?: string;
  attempts: number;
}

interface World {
  members: string[];
  merchants: string[];
  admin: Record<string, string>;
  holds: string[];
  redemptions: string[];
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const amount = (maxMinor: number) => {
  const minor = 1 + Math.floor(Math.random() * maxMinor);
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
};

function nextOp(world: World): Op {
  const key = `bank-${randomUUID()}`;
  const roll = Math.random();
  const base = { key, method: 'POST' as const, outcome: 'unknown' as Outcome, attempts: 0 };
  if (roll < 0.2) {
    return { ...base, kind: 'earning', path: '/v1/earnings', body: { accountId: pick(world.members), amount: amount(3000), category: 'public_labour', reference: key } };
  }
  if (roll < 0.55) {
    return {
      ...base,
      kind: 'redemption',
      path: '/v1/redemptions',
      body: { accountId: pick(world.members), merchantAccountId: pick(world.merchants), amount: amount(2000), reference: key },
    };
  }
  if (roll < 0.7) {
    const from = pick(world.members);
    let to = pick(world.members);
    while (to === from) to = pick(world.members);
    return { ...base, kind: 'transfer', path: '/v1/transfers', body: { fromAccountId: from, toAccountId: to, amount: amount(1000), reference: key } };
  }
  if (roll < 0.8 || world.holds.length === 0) {
    return { ...base, kind: 'hold', path: '/v1/holds', body: { accountId: pick(world.members), merchantAccountId: pick(world.merchants), amount: amount(1500) } };
  }
  if (roll < 0.88) {
    const hold = world.holds.splice(Math.floor(Math.random() * world.holds.length), 1)[0] as string;
    return { ...base, kind: 'capture', path: `/v1/holds/${hold}/capture`, body: {} };
  }
  if (roll < 0.92) {
    const hold = world.holds.splice(Math.floor(Math.random() * world.holds.length), 1)[0] as string;
    return { ...base, kind: 'void', path: `/v1/holds/${hold}/void`, body: {} };
  }
  if (world.redemptions.length === 0) return nextOp(world);
  const original = pick(world.redemptions);
  return { ...base, kind: 'reversal', path: `/v1/transactions/${original}/reversals`, body: { amount: '0.01', reason: `bank test ${key}` } };
}

/** Sends an op once with its key; classifies the answer. Never throws. */
async function send(base: string, world: World, op: Op): Promise<void> {
  op.attempts += 1;
  try {
    const res = await fetch(`${base}${op.path}`, {
      method: op.method,
      headers: { ...world.admin, 'content-type': 'application/json', 'idempotency-key': op.key },
      body: JSON.stringify(op.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    op.status = res.status;
    if (res.status >= 200 && res.status < 300) {
      op.outcome = 'ack';
      const body = JSON.parse(text) as { id?: string };
      op.resultId = body.id;
      return;
    }
    // Still running, limited, unavailable or busy: the write may or may not have happened.
    if (res.status === 409 && text.includes('idempotency_key_in_flight')) op.outcome = 'unknown';
    else if (res.status === 429 || res.status >= 500) op.outcome = 'unknown';
    else op.outcome = 'refused';
  } catch {
    op.outcome = 'unknown';
  }
}

function remember(world: World, op: Op): void {
  if (op.outcome !== 'ack' || !op.resultId) return;
  if (op.kind === 'hold') world.holds.push(op.resultId);
  if (op.kind === 'redemption' || op.kind === 'capture') world.redemptions.push(op.resultId);
}

/* ------------------------------------------------------------------ checks */

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tbl-bank-'));
  const service = new Service(dataDir, await freePort());
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail = '') => {
    checks.push({ name, ok, detail });
    process.stdout.write(`${ok ? 'ok    ' : 'NOT OK'} ${name}${detail ? `: ${detail}` : ''}\n`);
  };
  let db: Cluster | undefined;
  try {
    const coldMs = await service.start();
    process.stdout.write(`service ready (cold start, initdb included) in ${coldMs.toFixed(0)} ms\n`);
    db = cluster(dataDir);
    const world: World = {
      members: [],
      merchants: [],
      admin: { authorization: `Bearer ${readFileSync(join(dataDir, 'admin-key'), 'utf8').trim()}` },
      holds: [],
      redemptions: [],
    };
    await setUp(service.base, world);

    const ops: Op[] = [];
    const recoveries: { fault: string; ms: number | null; failedProbes: number }[] = [];
    const deadline = performance.now() + SECONDS * 1000;
    let running = true;

    const clients = Array.from({ length: CLIENTS }, async () => {
      while (running && performance.now() < deadline) {
        const op = nextOp(world);
        ops.push(op);
        await send(service.base, world, op);
        remember(world, op);
        // A client that meets a down service backs off a little, as a terminal would.
        if (op.outcome === 'unknown') await sleep(50 + Math.random() * 100);
      }
    });

    const faults = async () => {
      const at = (fraction: number) => sleep(Math.max(0, deadline - SECONDS * 1000 * (1 - fraction) - performance.now()));
      await at(0.15);
      recoveries.push(await measure(service, world, 'pg_terminate_backend on the service', async () => db!.terminateServiceBackends()));
      await at(0.3);
      recoveries.push(
        await measure(service, world, `FOR UPDATE on one supermarket's balance rows for ${LOCK_HOLD_MS} ms`, async () => {
          void db!.holdRowLock(world.merchants[0] as string, LOCK_HOLD_MS);
        }, { whileMs: LOCK_HOLD_MS, merchant: world.merchants[1] as string }),
      );
      await at(0.55);
      recoveries.push(
        await measure(service, world, 'kill -9 of the service, then npm start again', async () => {
          await service.kill9();
          const ms = await service.start();
          process.stdout.write(`  restarted after kill -9 in ${ms.toFixed(0)} ms\n`);
        }),
      );
      await at(0.75);
      recoveries.push(await measure(service, world, 'pg_ctl restart -m immediate', async () => db!.restartImmediate()));
    };

    await Promise.all([...clients, faults()]);
    running = false;

    for (const r of recoveries) {
      process.stdout.write(`recovery after ${r.fault}: ${r.ms === null ? 'never' : `${r.ms.toFixed(0)} ms`} (${r.failedProbes} failed probes)\n`);
    }

    // Every unknown outcome, retried with its key until the answer is definitive.
    const unknown = ops.filter((o) => o.outcome === 'unknown');
    process.stdout.write(`${ops.length} requests: ${ops.filter((o) => o.outcome === 'ack').length} acknowledged, ` +
      `${ops.filter((o) => o.outcome === 'refused').length} refused, ${unknown.length} unknown; retrying the unknown\n`);
    for (let round = 0; round < 20 && ops.some((o) => o.outcome === 'unknown'); round++) {
      await Promise.all(ops.filter((o) => o.outcome === 'unknown').map((o) => send(service.base, world, o)));
      if (ops.some((o) => o.outcome === 'unknown')) await sleep(500);
    }
    check('every unknown outcome became definitive on retry', !ops.some((o) => o.outcome === 'unknown'),
      `${ops.filter((o) => o.outcome === 'unknown').length} still unknown`);

    await verifyBooks(service, world, db, ops, check);
    for (const r of recoveries) {
      check(`the service recovered after ${r.fault}`, r.ms !== null, r.ms === null ? 'never' : `${r.ms.toFixed(0)} ms`);
    }
    check('zero unexpected process exits', service.unexpectedExits.length === 0, service.unexpectedExits.join('\n---\n').slice(0, 4_000));
    const code = await service.stop();
    check('SIGTERM stops the service and its database with exit code 0', code === 0, `exit code ${code}`);
  } finally {
    await db?.close().catch(() => undefined);
    await service.stop().catch(() => undefined);
    if (process.env.BANK_KEEP) process.stdout.write(`data folder kept: ${dataDir}\n`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
  const failed = checks.filter((c) => !c.ok).length;
  process.stdout.write(`\n${checks.length - failed} passed, ${failed} failed\n`);
  process.exitCode = failed === 0 ? 0 : 1;
}

async function api<T>(base: string, world: World, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...world.admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function setUp(base: string, world: World): Promise<void> {
  const run = randomUUID().slice(0, 8);
  for (let i = 0; i < MERCHANTS; i++) {
    const m = await api<{ id: string }>(base, world, 'POST', '/v1/accounts', { code: `S-BANK-${run}-${i}`, name: `supermarket ${i}`, kind: 'merchant' });
    world.merchants.push(m.id);
  }
  for (let i = 0; i < MEMBERS; i++) {
    const m = await api<{ id: string }>(base, world, 'POST', '/v1/accounts', { code: `R-BANK-${run}-${i}`, name: `resident ${i}`, kind: 'member' });
    world.members.push(m.id);
    await api(base, world, 'POST', '/v1/earnings', { accountId: m.id, amount: '200.00', category: 'duty_shift' });
  }
}

/**
 * Runs a fault and probes the service every 25 ms with a member's balance read (and, while a
 * row lock is held, another supermarket's redemption): the recovery time is from the end of
 * the fault to the first probe that succeeds; for a lock, every probe during it should succeed.
 */
async function measure(
  service: Service,
  world: World,
  fault: string,
  inject: () => Promise<void>,
  during?: { whileMs: number; merchant: string },
): Promise<{ fault: string; ms: number | null; failedProbes: number }> {
  process.stdout.write(`fault: ${fault}\n`);
  // The clock starts once the fault is done: the service killed and started again, the
  // database back up and accepting connections, the backends gone; a lock is held meanwhile.
  await inject();
  const started = performance.now();
  let failedProbes = 0;
  let recovered: number | null = null;
  const probeUntil = started + Math.max(during?.whileMs ?? 0, 30_000);
  while (performance.now() < probeUntil) {
    const sent = performance.now();
    let ok = false;
    try {
      const res = during
        ? await fetch(`${service.base}/v1/redemptions`, {
            method: 'POST',
            headers: { ...world.admin, 'content-type': 'application/json', 'idempotency-key': `probe-${randomUUID()}` },
            body: JSON.stringify({ accountId: pick(world.members), merchantAccountId: during.merchant, amount: '0.01' }),
            signal: AbortSignal.timeout(5_000),
          })
        : await fetch(`${service.base}/v1/accounts/${pick(world.members)}`, { headers: world.admin, signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      // A probe redemption refused for want of points still shows the service deciding.
      ok = res.status < 500;
    } catch {
      ok = false;
    }
    if (ok && recovered === null && !during) {
      recovered = sent - started;
      break;
    }
    if (!ok) failedProbes += 1;
    await sleep(25);
  }
  if (during) recovered = failedProbes === 0 ? 0 : null;
  return { fault, ms: recovered, failedProbes };
}

async function verifyBooks(
  service: Service,
  world: World,
  db: Cluster,
  ops: Op[],
  check: (name: string, ok: boolean, detail?: string) => void,
): Promise<void> {
  const trial = await api<{ total: string }>(service.base, world, 'GET', '/v1/reports/trial-balance');
  check('trial balance totals 0.00', trial.total === '0.00', `total ${trial.total}`);

  const sql = await db.client();
  try {
    const negative = await sql.query<{ id: string; balance: string }>(
      `SELECT a.id, sum(b.balance)::text AS balance FROM accounts a JOIN account_balances b ON b.account_id = a.id
        WHERE a.kind = 'member' GROUP BY a.id HAVING sum(b.balance) < 0`,
    );
    check('no member balance is negative', negative.rows.length === 0, JSON.stringify(negative.rows.slice(0, 5)));

    const mismatched = await sql.query<{ id: string }>(
      `SELECT a.id FROM accounts a
         LEFT JOIN (SELECT account_id, sum(balance) AS b FROM account_balances GROUP BY 1) ab ON ab.account_id = a.id
         LEFT JOIN (SELECT account_id, sum(amount) AS s FROM entries GROUP BY 1) e ON e.account_id = a.id
        WHERE coalesce(ab.b, 0) <> coalesce(e.s, 0)`,
    );
    check('every balance equals the sum of its journal entries', mismatched.rows.length === 0, JSON.stringify(mismatched.rows.slice(0, 5)));

    // Exactly once: each acknowledged write's transaction exists, and no reference the test
    // sent appears twice, nor appears for a request that was refused.
    const acknowledged = ops.filter((o) => o.outcome === 'ack');
    const txnIds = acknowledged.filter((o) => o.kind !== 'hold' && o.kind !== 'void').map((o) => o.resultId as string);
    const present = await sql.query<{ id: string }>(`SELECT id FROM transactions WHERE id = ANY($1::text[])`, [txnIds]);
    check('every acknowledged posting is in the journal', present.rows.length === txnIds.length, `${present.rows.length} of ${txnIds.length}`);
    const holdIds = acknowledged.filter((o) => o.kind === 'hold').map((o) => o.resultId as string);
    const holds = await sql.query<{ id: string }>(`SELECT id FROM holds WHERE id = ANY($1::text[])`, [holdIds]);
    check('every acknowledged hold exists', holds.rows.length === holdIds.length, `${holds.rows.length} of ${holdIds.length}`);

    const byReference = await sql.query<{ reference: string; n: string }>(
      `SELECT reference, count(*)::text AS n FROM transactions WHERE reference LIKE 'bank-%' GROUP BY reference`,
    );
    const twice = byReference.rows.filter((r) => r.n !== '1');
    check('no write was recorded twice', twice.length === 0, JSON.stringify(twice.slice(0, 5)));
    const ackedRefs = new Set(acknowledged.map((o) => o.body.reference).filter((r): r is string => typeof r === 'string'));
    const phantom = byReference.rows.filter((r) => !ackedRefs.has(r.reference));
    check('no refused write was recorded', phantom.length === 0, JSON.stringify(phantom.slice(0, 5)));
    const captures = await sql.query<{ hold_id: string; n: string }>(
      `SELECT hold_id, count(*)::text AS n FROM transactions WHERE hold_id IS NOT NULL GROUP BY hold_id HAVING count(*) > 1`,
    );
    check('no hold was captured twice', captures.rows.length === 0, JSON.stringify(captures.rows.slice(0, 5)));

    const verify = await api<{ ok: boolean; checkedTransactions: number }>(service.base, world, 'GET', '/v1/audit/verify');
    const counts = await sql.query<{ journal: string; maxseq: string; transactions: string }>(
      `SELECT (SELECT count(*) FROM journal)::text AS journal, (SELECT coalesce(max(seq), 0) FROM journal)::text AS maxseq,
              (SELECT count(*) FROM transactions)::text AS transactions`,
    );
    const c = counts.rows[0];
    check('/v1/audit/verify is ok', verify.ok, `${verify.checkedTransactions} transactions checked`);
    check('the journal seq is gap-free and covers every transaction', !!c && c.journal === c.maxseq && c.journal === c.transactions,
      JSON.stringify(c));
  } finally {
    await sql.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bank test failed to run: ${error instanceof Error ? error.stack : String(error)}\n0 passed, 1 failed\n`);
  process.exit(1);
});

