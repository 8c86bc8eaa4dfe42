/**
 * `npm run bench:chain`: what the tamper-evident chain costs the hottest write path.
 * The same hot-merchant redemption load, alternately with the chain on (the enqueue
 * trigger plus the background sequencer hashing every transaction) and off (trigger
 * disabled, sequencer stopped), on fresh databases, in one run; prints the ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Api, mapLimit } from './lib/api.js';
import { runLoad } from './lib/load.js';
import { createDatabase, dropDatabase, uniqueDatabaseName, withClient } from './lib/postgres.js';
import { BENCH_ADMIN_KEY, startService } from './lib/service.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const adminUrl = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const durationS = Number(process.env.BENCH_DURATION_S || 10);
const rounds = Number(process.env.BENCH_ROUNDS || 2);

async function measure(chain: boolean): Promise<{ rps: number; p99Ms: number; errors: number }> {
  const name = uniqueDatabaseName('tbl_chain');
  const url = await createDatabase(adminUrl, name);
  const dataDir = mkdtempSync(join(tmpdir(), 'tbl-chain-'));
  // SEQUENCER_INTERVAL_MS=0 stops the background sequencer; the enqueue trigger is switched
  // off below, once the migrations have created it.
  if (!chain) process.env.SEQUENCER_INTERVAL_MS = '0';
  else delete process.env.SEQUENCER_INTERVAL_MS;
  const service = await startService({ repoRoot, databaseUrl: url, dataDir, logFile: join(dataDir, 'service.log'), poolMax: undefined, cpuProfDir: undefined });
  try {
    if (!chain) await withClient(url, (c) => c.query('ALTER TABLE transactions DISABLE TRIGGER transactions_enqueue'));
    const api = new Api(service.baseUrl, BENCH_ADMIN_KEY);
    const merchant = await api.post<{ id: string }>('/v1/accounts', { code: 'S-CHAIN', name: 'shop', kind: 'merchant' });
    const members = await mapLimit(Array.from({ length: 200 }, (_, i) => i), 8, (i) =>
      api.post<{ id: string }>('/v1/accounts', { code: `R-CHAIN-${i}`, name: `m${i}`, kind: 'member' }),
    );
    await api.post('/v1/earnings/batch', { items: members.map((m) => ({ accountId: m.id, amount: '100000', category: 'public_labour' })) });
    const result = await runLoad({
      baseUrl: service.baseUrl,
      headers: api.headers,
      method: 'POST',
      path: '/v1/redemptions',
      body: () =>
        JSON.stringify({ accountId: members[Math.floor(Math.random() * members.length)]?.id, merchantAccountId: merchant.id, amount: '0.01' }),
      connections: 64,
      durationS,
    });
    return { rps: result.rps, p99Ms: result.p99Ms, errors: result.non2xx + result.socketErrors };
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await dropDatabase(adminUrl, name);
  }
}

const on: number[] = [];
const off: number[] = [];
for (let round = 1; round <= rounds; round++) {
  // Alternate, so drift in the machine's load falls on both sides.
  for (const chain of round % 2 ? [true, false] : [false, true]) {
    const r = await measure(chain);
    (chain ? on : off).push(r.rps);
    process.stdout.write(`round ${round}, chain ${chain ? 'on ' : 'off'}: ${r.rps.toFixed(0)} redemptions/s, p99 ${r.p99Ms.toFixed(1)} ms, ${r.errors} errors\n`);
  }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
process.stdout.write(`\nhot-merchant redemptions/s, chain on / chain off: ${(mean(on) / mean(off)).toFixed(2)} (${mean(on).toFixed(0)} / ${mean(off).toFixed(0)})\n`);
