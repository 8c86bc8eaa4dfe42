/**
 * Getting started (issue 5): the first start on an empty database writes an admin key to a
 * file of mode 0600 and logs where, never what; BOOTSTRAP_ADMIN_KEY is honoured once; and
 * `npm run keys` creates, lists and revokes keys from the command line.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { buildTestApp, client, TEST_API_KEY_SECRET, uniqueCode } from '../helpers/app.js';
import { testDatabaseUrl } from '../helpers/database.js';
import { KEY_CACHE_TTL_MS } from '../../src/services/keys.js';
import { bearer, memoryLog, parsed, revokeKey } from '../helpers/access.js';
import { TestClock } from '../helpers/clock.js';
import { ROOT, serviceArgs } from '../helpers/server.js';

const run = promisify(execFile);

/**
 * `npm run keys -- …` (src/cli/keys.ts) as an operator runs it, with this environment: the
 * same program, built to JavaScript for the run, without npx's and tsx's start-up time.
 */
async function keysCli(args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.BOOTSTRAP_ADMIN_KEY;
  delete base.API_KEY_SECRET;
  return run(process.execPath, [...serviceArgs('src/cli/keys.ts'), ...args], { cwd: ROOT, env: { ...base, LOG_LEVEL: 'silent', ...env }, timeout: 60_000 });
}

const status = async (app: FastifyInstance, url: string, key: string) =>
  (await app.inject({ method: 'GET', url, headers: bearer(key) })).statusCode;

/** The key id behind a key, from a posting it makes (works for admins, on a shared database). */
async function keyIdOf(app: FastifyInstance, key: string): Promise<string | undefined> {
  const c = client(app, bearer(key));
  const member = await c.post('/v1/accounts', { code: uniqueCode('R-boot'), name: 'boot', kind: 'member' });
  const earned = await c.post('/v1/earnings', { accountId: member.json().id, amount: '1', category: 'public_labour' });
  return earned.json().postedBy?.keyId as string | undefined;
}

const mode = (path: string) => statSync(path).mode & 0o777;

/** The data folder of the first-start test (its key files); the database is this file's own. */
const dir = mkdtempSync(join(tmpdir(), 'tl-bootstrap-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const databaseUrl = await testDatabaseUrl();

t.test('first start on an empty database: an admin key in a 0600 file', async (t) => {
  const env = { DATA_DIR: dir, API_KEY_SECRET: '', BOOTSTRAP_ADMIN_KEY: '' };
  const keyFile = join(dir, 'admin-key');
  const secretFile = join(dir, 'api-key-secret');

  let last = Date.now();
  const lap = (what: string) => {
    t.comment(`${what}: ${Date.now() - last} ms`);
    last = Date.now();
  };
  // First start.
  const log1 = memoryLog();
  let app = await buildTestApp(env, { logger: { level: 'trace', stream: log1.stream } });
  let closed = false;
  t.teardown(async () => {
    if (!closed) await app.close();
  });
  lap('first start');
  t.ok(existsSync(keyFile), 'DATA_DIR/admin-key exists');
  t.equal(mode(keyFile).toString(8), '600', 'admin-key has mode 0600');
  t.ok(existsSync(secretFile), 'DATA_DIR/api-key-secret exists');
  t.equal(mode(secretFile).toString(8), '600', 'api-key-secret has mode 0600');
  const adminKey = readFileSync(keyFile, 'utf8').trim();
  const serverSecret = readFileSync(secretFile, 'utf8').trim();
  t.match(adminKey, /^tbk_[A-Za-z0-9_-]{22,}$/, 'the file holds one key');
  t.ok(serverSecret.length >= 32, 'the server secret is long');
  t.equal(await status(app, '/v1/api-keys', adminKey), 200, 'the key in the file works as admin (GET /v1/api-keys)');
  const keys1 = (await app.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(adminKey) })).json().data as { id: string; role: string }[];
  t.equal(keys1.length, 1, 'exactly one key exists');
  t.equal(keys1[0]?.role, 'admin', 'an admin key');
  await app.inject({ method: 'GET', url: '/v1/categories', headers: bearer(adminKey) });
  await app.close();
  closed = true;

  lap('first checks and close');
  const lines1 = parsed(log1.lines);
  t.ok(
    lines1.some((l) => JSON.stringify(l).includes(keyFile)),
    `the log says where the key is (${keyFile})`,
  );
  t.same(log1.lines.filter((l) => l.includes(adminKey) || l.includes(adminKey.slice(4))), [], 'the log never carries the key');
  t.same(log1.lines.filter((l) => l.includes(serverSecret)), [], 'nor the server secret');

  // Second start on the same folder.
  const stamp = statSync(keyFile).mtimeMs;
  const log2 = memoryLog();
  app = await buildTestApp(env, { logger: { level: 'trace', stream: log2.stream } });
  closed = false;
  lap('second start');
  t.equal(readFileSync(keyFile, 'utf8').trim(), adminKey, 'the key file is unchanged');
  t.equal(statSync(keyFile).mtimeMs, stamp, 'and was not rewritten');
  t.equal(readFileSync(secretFile, 'utf8').trim(), serverSecret, 'the server secret is unchanged');
  t.equal(await status(app, '/v1/api-keys', adminKey), 200, 'the first key still works');
  const keys2 = (await app.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(adminKey) })).json().data as { id: string }[];
  t.same(keys2.map((k) => k.id), keys1.map((k) => k.id), 'no other key was created');
  t.notOk(log2.lines.some((l) => l.includes(keyFile)), 'the second start does not announce a new key file');
  await app.close();
  closed = true;

  // The command line, with the app closed.
  const cliEnv = { DATA_DIR: dir, DATABASE_URL: databaseUrl };
  const created = await keysCli(['create', '--role', 'auditor', '--name', 't'], cliEnv);
  const made = JSON.parse(created.stdout) as { id: string; key: string; role: string; name: string };
  t.match(made, { id: /^key_/, key: /^tbk_/, role: 'auditor', name: 't' }, 'keys create prints the key as JSON');
  lap('keys create');
  const listed = await keysCli(['list'], cliEnv);
  const list = JSON.parse(listed.stdout) as Record<string, unknown>[];
  t.same(list.map((k) => k.id).sort(), [made.id, ...keys1.map((k) => k.id)].sort(), 'keys list shows both keys');
  t.notOk(listed.stdout.includes(made.key) || listed.stdout.includes(adminKey), 'keys list prints no secret');
  t.ok(list.every((k) => !('key' in k) && !('secretHash' in k)), 'nor any key or hash field');

  lap('keys list');
  app = await buildTestApp(env);
  closed = false;
  t.equal(await status(app, '/v1/transactions', made.key), 200, 'after a restart, the CLI key reads (auditor)');
  t.equal(await status(app, '/v1/api-keys', made.key), 403, 'but is no admin');
  const refused = await app.inject({ method: 'POST', url: '/v1/categories', headers: bearer(made.key), payload: { code: 'nope', name: 'n' } });
  t.equal(refused.statusCode, 403, 'and writes nothing');
  await app.close();
  closed = true;

  lap('third start and close');
  const revoked = await keysCli(['revoke', made.id], cliEnv);
  t.match(revoked.stdout, made.id, 'keys revoke confirms');
  lap('keys revoke');
  app = await buildTestApp(env);
  closed = false;
  t.equal(await status(app, '/v1/transactions', made.key), 401, 'after keys revoke, the CLI key gets 401');
  t.equal(await status(app, '/v1/api-keys', adminKey), 200, 'the admin key still works');
  await app.close();
  closed = true;
});

t.test('BOOTSTRAP_ADMIN_KEY and the command line, on the engine under test', async (t) => {
  // The host's clock: its cached verdict on a key lapses when the test moves it.
  const clock = new TestClock();
  const host = await buildTestApp({}, { clock });
  t.teardown(() => host.close());
  const restart = (key: string) => buildTestApp({ BOOTSTRAP_ADMIN_KEY: key }, { database: host.db });

  await t.test('BOOTSTRAP_ADMIN_KEY is created once, and a revoked one stays revoked', async (t) => {
    const key = `tbk_bootstrap-${randomBytes(16).toString('hex')}`;
    t.equal(await status(host, '/v1/categories', key), 401, 'unknown before');
    const a1 = await restart(key);
    t.equal(await status(a1, '/v1/api-keys', key), 200, 'after a start with it, it works as admin');
    const id1 = await keyIdOf(a1, key);
    t.match(id1, /^key_/, 'it has a key id');
    await a1.close();
    const a2 = await restart(key);
    t.equal(await keyIdOf(a2, key), id1, 'a second start keeps the same key (no other was made)');
    await revokeKey(client(a2), id1 ?? '');
    t.equal(await status(a2, '/v1/categories', key), 401, 'revoked: 401');
    await a2.close();
    const a3 = await restart(key);
    t.equal(await status(a3, '/v1/categories', key), 401, 'a start with the revoked BOOTSTRAP_ADMIN_KEY does not revive it');
    await a3.close();
  });

  await t.test('instances starting at once with the same BOOTSTRAP_ADMIN_KEY all start', async (t) => {
    // docker-compose with replicas, or a test suite's files starting together on a fresh database.
    const key = `tbk_bootstrap-${randomBytes(16).toString('hex')}`;
    const started = await Promise.allSettled([restart(key), restart(key), restart(key)]);
    for (const [i, s] of started.entries()) {
      t.equal(s.status, 'fulfilled', `instance ${i + 1} started${s.status === 'rejected' ? `: ${String(s.reason)}` : ''}`);
      if (s.status === 'fulfilled') await s.value.close();
    }
    t.equal(await status(host, '/v1/api-keys', key), 200, 'and the key works as admin');
  });

  await t.test('npm run keys against PostgreSQL, next to a running instance: create, list, revoke', async (t) => {
    const env = { DATABASE_URL: databaseUrl, API_KEY_SECRET: TEST_API_KEY_SECRET };
    const name = uniqueCode('cli');
    const made = JSON.parse((await keysCli(['create', '--role', 'auditor', '--name', name], env)).stdout) as { id: string; key: string; role: string };
    t.match(made, { id: /^key_/, key: /^tbk_/, role: 'auditor' }, 'keys create prints the key as JSON');
    t.equal(await status(host, '/v1/transactions?limit=1', made.key), 200, 'the CLI key reads (auditor)');
    t.equal(await status(host, '/v1/api-keys', made.key), 403, 'but is no admin');
    const listed = await keysCli(['list'], env);
    const list = JSON.parse(listed.stdout) as Record<string, unknown>[];
    t.ok(list.some((k) => k.id === made.id), 'keys list shows it');
    t.notOk(listed.stdout.includes(made.key), 'keys list prints no secret');
    t.ok(list.every((k) => !('key' in k) && !('secretHash' in k)), 'nor any key or hash field');
    const revoked = await keysCli(['revoke', made.id], env);
    t.match(revoked.stdout, made.id, 'keys revoke confirms');
    // Another process revoked it: this instance may trust its cached verdict for up to
    // KEY_CACHE_TTL_MS (sooner when the revocation's NOTIFY arrives), and no longer.
    clock.advance(KEY_CACHE_TTL_MS);
    t.equal(await status(host, '/v1/transactions?limit=1', made.key), 401, 'once the cache may no longer vouch for it, the key gets 401');
  });
});
