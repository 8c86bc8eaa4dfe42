/**
 * The embedded PostgreSQL as `npm start` runs it (DATABASE_URL unset), with real processes:
 * a cluster in DATA_DIR that nobody else on the machine can read, one owner per folder,
 * `npm run keys` next to the running service, recovery after a kill -9, and a clean stop.
 */
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { startEmbedded } from '../../src/db/embedded.js';
import { ROOT, type Server, serviceArgs, startServer } from '../helpers/server.js';

const ADMIN = 'tbk_embedded-test-admin-key-0000000000000001';
const dataDir = mkdtempSync(join(tmpdir(), 'tbl-emb-'));
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

/** The environment of `npm start` with DATA_DIR set and no DATABASE_URL. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'API_KEY_SECRET', 'BOOTSTRAP_ADMIN_KEY', 'NODE_OPTIONS']) delete base[name];
  return { ...base, DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extra };
}

function start(): Promise<Server> {
  return startServer(env({ PORT: '0', HOST: '127.0.0.1', BOOTSTRAP_ADMIN_KEY: ADMIN, RATE_LIMIT_PER_MINUTE: '0' }));
}

/** Every file and folder under dir whose mode lets group or others read, write or enter it. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const s = lstatSync(path);
    if ((s.mode & 0o077) !== 0) found.push(`${path} ${(s.mode & 0o777).toString(8)}`);
    if (s.isDirectory()) found.push(...openToOthers(path));
  }
  return found;
}

const postmasterPid = () => Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

t.test('npm start on an empty DATA_DIR: initialises, serves, owns the folder alone, survives a kill -9', async (t) => {
  let server = await start();
  t.teardown(() => server.child.kill('SIGKILL'));
  const base = () => `http://127.0.0.1:${server.port}`;
  t.equal((await fetch(`${base()}/readyz`)).status, 200, 'it serves on embedded PostgreSQL');
  t.match(server.output(), /initialised the embedded PostgreSQL cluster/, 'the first start ran initdb');

  t.same(openToOthers(dataDir), [], 'nothing under DATA_DIR is open to group or others (the cluster, the socket, the key files, the lock)');
  t.equal((statSync(dataDir).mode & 0o777).toString(8), '700', 'DATA_DIR itself is 0700');
  const pgPid = postmasterPid();
  t.ok(alive(pgPid), 'PostgreSQL runs');
  const settings = readFileSync(join(dataDir, 'pg', 'timebank.conf'), 'utf8');
  t.match(settings, /^listen_addresses = ''$/m, 'no TCP port');
  t.match(settings, /^fsync = on$/m, 'fsync on');

  const member = (await (
    await fetch(`${base()}/v1/accounts`, { method: 'POST', headers, body: JSON.stringify({ code: `R-EMB-${Date.now()}`, name: 'x', kind: 'member' }) })
  ).json()) as { id: string };
  const earned = await fetch(`${base()}/v1/earnings`, { method: 'POST', headers, body: JSON.stringify({ accountId: member.id, amount: '7.25', category: 'public_labour' }) });
  t.equal(earned.status, 201, 'a posting is acknowledged');

  await t.test('a second npm start on the same folder refuses and touches nothing', async (t) => {
    const lockBefore = readFileSync(join(dataDir, 'owner.lock'), 'utf8');
    const second = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(process.execPath, serviceArgs('src/server.ts'), { cwd: ROOT, env: env({ PORT: '0', HOST: '127.0.0.1' }), timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
      );
    });
    t.not(second.code, 0, `it exits non-zero (${second.code})`);
    t.match(second.out, /is in use by a running timebank-ledger service, process \d+/, 'and says why, clearly');
    t.notMatch(second.out, /\n\s+at /, 'without a stack trace');
    t.equal(readFileSync(join(dataDir, 'owner.lock'), 'utf8'), lockBefore, 'the owner is unchanged');
    t.equal(postmasterPid(), pgPid, 'the same PostgreSQL runs');
    t.equal((await fetch(`${base()}/readyz`)).status, 200, 'and the first service still serves');
  });

  await t.test('npm run keys works next to the running service: the service accepts the key it prints', async (t) => {
    const run = promisify(execFile);
    const created = await run(process.execPath, [...serviceArgs('src/cli/keys.ts'), 'create', '--role', 'auditor', '--name', 'cli'], {
      cwd: ROOT,
      env: env({ LOG_LEVEL: 'silent' }),
      timeout: 60_000,
    });
    const made = JSON.parse(created.stdout) as { key: string };
    const read = await fetch(`${base()}/v1/transactions?limit=1`, { headers: { authorization: `Bearer ${made.key}` } });
    t.equal(read.status, 200, 'the printed key reads (auditor)');
    t.equal(postmasterPid(), pgPid, 'through the service’s own PostgreSQL, which still runs');
    t.ok(existsSync(join(dataDir, 'owner.lock')), 'and the service still owns the folder');
  });

  await t.test('after kill -9 of the service, the next start takes over its PostgreSQL and is ready within 5 s', async (t) => {
    server.child.kill('SIGKILL');
    await server.exited;
    t.ok(alive(pgPid), 'PostgreSQL outlives the killed service');
    const started = performance.now();
    server = await start();
    let ready = await fetch(`${base()}/readyz`);
    while (ready.status !== 200 && performance.now() - started < 10_000) ready = await fetch(`${base()}/readyz`);
    const ms = performance.now() - started;
    t.equal(ready.status, 200, 'ready');
    t.match(server.output(), /adopting the embedded PostgreSQL that a previous owner left running/, 'it says it took the cluster over');
    // From the take-over to listening, by the service's own clock: the part that is the
    // database's. Loading node and the service's modules come on top (reported, not judged:
    // they depend on how busy the machine is).
    const at = (pattern: RegExp) => {
      const line = server.output().split('\n').find((l) => pattern.test(l));
      return line ? (JSON.parse(line) as { time: number }).time : Number.NaN;
    };
    const serviceMs = at(/Server listening at http:\/\/127/) - at(/adopting the embedded PostgreSQL/);
    t.ok(serviceMs <= 5000, `ready within 5 s of finding the cluster (${serviceMs} ms; ${Math.round(ms)} ms from spawn, node included)`);
    const account = (await (await fetch(`${base()}/v1/accounts/${member.id}`, { headers })).json()) as { balance: string };
    t.equal(account.balance, '7.25', 'the acknowledged posting is there');
  });

  await t.test('SIGTERM stops the service and its PostgreSQL, and frees the folder', async (t) => {
    const pid = postmasterPid();
    server.child.kill('SIGTERM');
    t.equal(await server.exited, 0, 'the service exits 0');
    // pg_ctl stop returns when postmaster.pid is gone; the process itself ends a moment later.
    for (let waited = 0; alive(pid) && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    t.notOk(alive(pid), 'PostgreSQL has stopped');
    t.notOk(existsSync(join(dataDir, 'pg', 'postmaster.pid')), 'cleanly (no postmaster.pid left)');
    t.notOk(existsSync(join(dataDir, 'owner.lock')), 'and the folder has no owner');
  });
});

t.test('a DATA_DIR too long for a Unix socket is refused with a clear message, before anything is made', async (t) => {
  const long = join(dataDir, 'x'.repeat(100));
  await t.rejects(startEmbedded(long, { purpose: 'service' }), /DATA_DIR is too long for the embedded PostgreSQL's socket/);
  t.notOk(existsSync(long), 'no folder was made');
});
