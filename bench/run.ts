/**
 * `npm run bench`: the service against a fresh PostgreSQL database, measured against
 * pgbench's tpcb-like yardstick in the same run (issue 6). `npm run bench -- --smoke` is the
 * same on a tiny data set, for CI. See bench/README.md.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Api, isMissingRoute } from './lib/api.js';
import { Cleanup } from './lib/cleanup.js';
import { clusterPids, CpuMeter } from './lib/cpu.js';
import { functionTimes, trackFunctions, WaitSampler } from './lib/dbprofile.js';
import { type ExportResult, measureExport } from './lib/export.js';
import { type ExportCrowdResult, startExportCrowd } from './lib/exports.js';
import { type FloodResult, startFlood } from './lib/flood.js';
import { runEventsScenario } from './lib/events.js';
import { type LoadResult, type LoadSpec, runLoad } from './lib/load.js';
import { runPaced } from './lib/paced.js';
import { describeMachine, loadAverage } from './lib/machine.js';
import { type BenchOptions, OptionsError, parseOptions, SCENARIOS, type ScenarioName } from './lib/options.js';
import { pgliteBuild } from './lib/pglite.js';
import { measurePostingFloor, type PostingFloor } from './lib/posting-floor.js';
import { EMBEDDED_DATABASE, socketUrl } from '../src/db/embedded.js';
import { initPgbench, type PgbenchResult, pgbenchVersion, runPgbench } from './lib/pgbench.js';
import { createDatabase, dropDatabase, serverVersion, uniqueDatabaseName } from './lib/postgres.js';
import { type Check, check, checksTable, fmtInt, fmtMb, fmtMs, fmtRatio, keyValueTable, resultsTable, type Row } from './lib/report.js';
import {
  checkBalances,
  creditOpenings,
  entriesBetween,
  type Log,
  OPENING_CATEGORY,
  openAccounts,
  openMembersBySql,
  JournalQueue,
  balanceShards,
  waitForBackgroundWork,
  writeHistory,
} from './lib/seed.js';
import { BENCH_ADMIN_KEY, logTail, resetPeakRss, RssSampler, rssBytes, type Service, startArgs, startService } from './lib/service.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

/** The seeded issuance accounts (migrations/0001): the hot issuer is duty_shift's. */
const HOT_ISSUER_CATEGORY = 'duty_shift';
const ISSUANCE_ACCOUNT: Record<string, string> = {
  public_labour: 'acct_0000000000000000000000000P',
  duty_shift: 'acct_0000000000000000000000000D',
};
const OPENING_POINTS = '1000.00';
const FLOOR_LABEL = 'no-op route (GET /healthz: no key, no database)';
/** Issue 6's read latency targets and issue 12's embedded ones, judged in the checks and quoted in the notes. */
const BALANCE_P99_MS = 5;
const STATEMENT_P99_MS = 15;
/**
 * Issue 12: the embedded PostgreSQL does 4x PGlite's redemptions at one connection, PGlite
 * measured in the same run (the pglite scenario); without it, against PGlite's last figure
 * (bench/results/latest.md, before issue 12).
 */
const PGLITE_REDEMPTIONS_PER_S = 288;
const EMBEDDED_OVER_PGLITE = 4;
/** Turns each one-connection service takes, alternating, within the scenario's time. */
const ONE_CONNECTION_TURNS = 2;
const EMBEDDED_16_OVER_SERVER_16 = 0.8;
const EMBEDDED_COLD_START_S = 5;
const EMBEDDED_RESTART_S = 2;
/** Connections of the embedded-against-server comparison. */
const COMPARE_CONNECTIONS = 16;
const REDEMPTION_AMOUNT = '0.01';
/** Issue 13: a till keeps at least this share of its read rate under a flood of made-up keys. */
const FLOODED_SHARE_MIN = 0.5;
/** Turns of the till's reads beside the flood, each between two turns alone. */
const FLOOD_TURNS = 2;
/** Issue 13: with EXPORT_CROWD exports asked for at once, a balance read answers within this, and the service stays under this RSS. */
const EXPORT_CROWD = 40;
const CROWDED_READ_MS_MAX = 1000;
const CROWDED_RSS_MB_MAX = 400;
const MB = 1024 * 1024;

/** Service log files of this run: their tails are printed when the run fails. */
const serviceLogs: string[] = [];
const DAY_MS = 24 * 60 * 60 * 1000;

interface Seeded {
  members: string[];
  merchants: string[];
  big: string;
  small: string;
  /** The long history's first instant; transaction i takes effect at bigStart + i ms. */
  bigStart: Date;
}

/** Several runs of one load as one: requests/s over their whole time, the worst p99. */
interface Combined {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  status5xx: number;
}
function combine(results: readonly LoadResult[]): Combined {
  const time = results.reduce((n, r) => n + r.durationS, 0);
  return {
    rps: time > 0 ? results.reduce((n, r) => n + r.ok, 0) / time : 0,
    p50Ms: Math.max(...results.map((r) => r.p50Ms)),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    errors: results.reduce((n, r) => n + r.non2xx + r.socketErrors, 0),
    status5xx: results.reduce((n, r) => n + r.status5xx, 0),
  };
}

/** A service measured at one connection, with the accounts seeded on it. */
interface OneConnectionTarget {
  key: 'embedded' | 'pglite';
  name: string;
  service: Service;
  members: string[];
  merchants: string[];
  /** The embedded cluster's folder, whose processes' CPU counts too; PGlite runs in the service. */
  clusterDir: string | undefined;
}

const div0 = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : undefined);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const seconds = (since: number) => (performance.now() - since) / 1000;

function redemptionBody(members: readonly string[], merchants: readonly string[]): () => string {
  return () => JSON.stringify({ accountId: pick(members), merchantAccountId: pick(merchants), amount: REDEMPTION_AMOUNT });
}

/** Opens the accounts, writes the two histories, credits the openings, waits for the background jobs. */
async function seedLedger(
  api: Api,
  sql: pg.Client,
  options: BenchOptions,
  needsHistory: boolean,
  log: Log,
): Promise<Seeded & { seedS: number; settleS: number; journalStalledAt: number | undefined }> {
  const started = performance.now();
  const journal = new JournalQueue(sql, options.smoke ? 10 : 30, log);
  const pad = (i: number) => String(i).padStart(6, '0');
  const merchantCodes = Array.from({ length: options.merchants }, (_, i) => `S-${pad(i + 1)}`);
  const [sink, ...merchants] = await openAccounts(api, 'merchant', ['S-HISTORY', ...merchantCodes], 8);
  const [big, small, first] = await openAccounts(api, 'member', ['R-LONG-HISTORY', 'R-SHORT-HISTORY', `R-${pad(1)}`], 3);
  if (!sink || !big || !small || !first) throw new Error('could not open the first accounts');
  // The rest of the members straight through ledger_open_account, with the balance rows the
  // service gave the first one: opening 10,000 accounts over HTTP would take a minute here.
  const rest = Array.from({ length: options.members - 1 }, (_, i) => `R-${pad(i + 2)}`);
  const members = [first, ...(await openMembersBySql(sql, rest, await balanceShards(sql, first)))];
  log(`  opened ${options.members.toLocaleString('en-US')} members and ${options.merchants + 1} merchants in ${seconds(started).toFixed(1)} s`);

  // Backdated, before any opening: the histories must exist before the first checkpoint.
  const bigStart = new Date(Date.now() - 30 * DAY_MS);
  const issuance = ISSUANCE_ACCOUNT[OPENING_CATEGORY] as string;
  await writeHistory(
    sql,
    [
      // Only the read and export scenarios need the long history: a run without them skips it.
      { accountId: big, entries: needsHistory ? options.bigEntries : 0, start: bigStart, issuanceAccountId: issuance, sinkMerchantId: sink },
      { accountId: small, entries: options.smallEntries, start: new Date(Date.now() - 20 * DAY_MS), issuanceAccountId: issuance, sinkMerchantId: sink },
    ],
    // The journal sequencer keeps up with a short queue; a million queued at once it digests
    // at a few thousand a second (its batch query sorts every transaction). Let it catch up
    // after each chunk, as it would while the history was being posted.
    { chunk: 25_000, between: () => journal.drain() },
    log,
  );
  const openingsStarted = performance.now();
  await creditOpenings(api, members, OPENING_POINTS);
  log(`  credited ${OPENING_POINTS} points to each member in ${seconds(openingsStarted).toFixed(1)} s`);
  await checkBalances(sql, [big, small, sink, issuance]);
  const seedS = seconds(started);

  const settleS = await waitForBackgroundWork(sql, journal, options.settleTimeoutS, log);
  log(`  background jobs caught up in ${settleS.toFixed(1)} s; vacuuming`);
  await sql.query('VACUUM (ANALYZE)');
  return { members, merchants, big, small, bigStart, seedS, settleS, journalStalledAt: journal.stalledAt };
}

/** Warnings and errors the service logged (pino JSON lines), most frequent first. */
function serviceLogSummary(file: string): string[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) {
      if (line.trim()) counts.set(line.slice(0, 120), (counts.get(line.slice(0, 120)) ?? 0) + 1);
      continue;
    }
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; job?: string };
      if ((entry.level ?? 0) < 40) continue;
      const key = `${entry.level === 40 ? 'warn' : entry.level === 50 ? 'error' : 'fatal'}: ${entry.msg ?? ''}${entry.job ? ` (${entry.job})` : ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      // a partial line at the end
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, n]) => `${n} x ${k}`);
}

async function bench(options: BenchOptions, cleanup: Cleanup, log: Log): Promise<number> {
  const wants = (s: ScenarioName) => options.only.has(s);
  const mode = options.smoke ? 'smoke' : 'full';
  const runStarted = new Date();
  const stamp = runStarted.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');

  // The events scenario's receivers listen on 127.0.0.1 (the service's own setting; SSRF rules apply otherwise).
  if (wants('events')) process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = 'true';
  // The flapping receiver's check is about correctness (every event, in order, nothing else),
  // not about waiting out the 5 s default backoff: the service retries after 250 ms, doubling.
  if (wants('events')) process.env.WEBHOOK_RETRY_FIRST_MS = '250';
  const pgbench = pgbenchVersion();
  if (!pgbench && wants('pgbench')) {
    throw new Error('pgbench is not installed: apt-get install postgresql-client (Debian; postgresql-contrib on older releases), or leave it out with BENCH_ONLY');
  }
  const machine = describeMachine(REPO_ROOT, await serverVersion(options.adminUrl), pgbench ?? 'not installed');
  const loadAtStart = loadAverage();
  log(`timebank-ledger bench (${mode}): ${options.durationS} s per scenario, ${options.connections} connections`);
  for (const [k, v] of machine) log(`  ${k}: ${v}`);
  log(`  load average at start: ${loadAtStart}`);

  const work = mkdtempSync(join(tmpdir(), 'timebank-bench-'));
  cleanup.add('remove the temporary folder', async () => {
    if (process.env.BENCH_KEEP) log(`kept ${work} (BENCH_KEEP)`);
    else rmSync(work, { recursive: true, force: true });
  });
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });

  const rows: Row[] = [];
  const notes: string[] = [];
  let serverErrors = 0;
  const load = new Map<string, LoadResult>();
  /** The one-connection runs (embedded, pglite; -floor for GET /readyz), with CPU per request. */
  const oneConnection = new Map<string, Combined & { serviceCpuMs: number | undefined; postgresCpuMs: number | undefined }>();
  const pgbenchRuns: PgbenchResult[] = [];

  // ---------------------------------------------------------------- the service on PostgreSQL
  const ledgerDbName = uniqueDatabaseName('bench_ledger');
  const ledgerUrl = await createDatabase(options.adminUrl, ledgerDbName);
  cleanup.add(`drop database ${ledgerDbName}`, async () => {
    if (process.env.BENCH_KEEP) log(`kept database ${ledgerDbName} (BENCH_KEEP)`);
    else await dropDatabase(options.adminUrl, ledgerDbName);
  });

  let pgbenchUrl: string | undefined;
  if (wants('pgbench')) {
    const name = uniqueDatabaseName('bench_pgbench');
    pgbenchUrl = await createDatabase(options.adminUrl, name);
    cleanup.add(`drop database ${name}`, () => dropDatabase(options.adminUrl, name));
  }

  const startLedgerService = async (cpuProfDir: string | undefined) => {
    const started = performance.now();
    const ledgerService = await startService({
      repoRoot: REPO_ROOT,
      databaseUrl: ledgerUrl,
      dataDir: join(work, 'service-data'),
      logFile: join(work, cpuProfDir ? 'service-profiled.log' : 'service.log'),
      poolMax: options.poolMax,
      cpuProfDir,
    });
    serviceLogs.push(ledgerService.logFile);
    cleanup.add('stop the service', () => ledgerService.stop());
    log(`service ready in ${seconds(started).toFixed(1)} s (pid ${ledgerService.pid}, ${ledgerService.baseUrl}${cpuProfDir ? ', under --cpu-prof' : ''})`);
    return ledgerService;
  };
  let service: Service = await startLedgerService(undefined);

  const sql = new pg.Client({ connectionString: ledgerUrl });
  await sql.connect();
  cleanup.add('close the seeding connection', () => sql.end());

  let api = new Api(service.baseUrl, BENCH_ADMIN_KEY);
  log('seeding');
  const seed = await seedLedger(api, sql, options, wants('balance') || wants('statement') || wants('export') || wants('exports'), log);

  // Profile mode: a fresh service under --cpu-prof, so that the profile holds the measured
  // scenarios and not the seeding; and the database's side of the same scenarios.
  let waits: WaitSampler | undefined;
  if (options.cpuProfDir) {
    await service.stop();
    await trackFunctions(sql, ledgerDbName);
    service = await startLedgerService(options.cpuProfDir);
    api = new Api(service.baseUrl, BENCH_ADMIN_KEY);
    const sampler = await WaitSampler.open(ledgerUrl, ledgerDbName);
    cleanup.add('close the wait sampler', () => sampler.close());
    waits = sampler;
  }
  const idleRss = rssBytes(service.pid);
  if (seed.journalStalledAt !== undefined) {
    notes.push(
      `the journal sequencer stopped making progress after seeding with ${seed.journalStalledAt.toLocaleString('en-US')} transactions queued ` +
        '(see the service log line below); the export covers only what it sequenced',
    );
  }

  const yardstick = () => (pgbenchRuns.length > 0 ? pgbenchRuns.reduce((s, r) => s + r.tps, 0) / pgbenchRuns.length : undefined);

  const runPgbenchOnce = async (tag: string) => {
    if (!pgbenchUrl) return;
    if (pgbenchRuns.length === 0) {
      const started = performance.now();
      await initPgbench(pgbenchUrl, options.pgbenchScale, work);
      log(`  pgbench -i -s ${options.pgbenchScale} in ${seconds(started).toFixed(1)} s`);
    }
    const r = await runPgbench(pgbenchUrl, {
      clients: options.pgbenchClients,
      threads: options.pgbenchThreads,
      durationS: options.durationS,
      logDir: work,
      tag,
    });
    pgbenchRuns.push(r);
    log(`  pgbench tpcb-like (${tag}): ${r.tps.toFixed(0)} tps, p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms`);
  };

  /** The service's connections to its database. */
  const backendPids = async () =>
    (
      await sql.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        [ledgerDbName],
      )
    ).rows.map((r) => r.pid);

  /** The service's peak RSS in each scenario (warm-up included), for telling which one grows it. */
  const rssPeaks: string[] = [];
  /** One measured load run against the service, after a short unmeasured warm-up. */
  const measure = async (
    key: string,
    label: string,
    spec: {
      baseUrl?: string;
      /** The process serving baseUrl, when it is not the PostgreSQL-backed service. */
      pid?: number;
      method: 'GET' | 'POST';
      path: string;
      body?: () => string;
      connections?: number;
      durationS?: number;
      /** Requests per second, evenly spaced (an open loop); unset: a closed loop. */
      rate?: number;
    },
  ) => {
    const full = {
      baseUrl: spec.baseUrl ?? service.baseUrl,
      headers: api.headers,
      method: spec.method,
      path: spec.path,
      body: spec.body,
      connections: spec.connections ?? options.connections,
    };
    const run = (durationS: number) => (spec.rate ? runPaced({ ...full, rate: spec.rate, durationS }) : runLoad({ ...full, durationS }));
    const pid = spec.pid ?? service.pid;
    const peakReset = resetPeakRss(pid);
    if (options.warmupS > 0) await run(options.warmupS);
    waits?.start();
    const cpu = new CpuMeter(pid);
    cpu.begin();
    const r = await run(spec.durationS ?? options.durationS);
    const used = cpu.end(spec.pid === undefined ? await backendPids() : []);
    const peak = peakReset ? rssBytes(pid, 'VmHWM') : undefined;
    if (peak !== undefined) rssPeaks.push(`${key} ${fmtMb(peak)}`);
    const waited = waits?.stop();
    if (full.connections > 1) notes.push(`${label}: cores used: ${used}`);
    if (waited) notes.push(`${label}: the service's PostgreSQL backends, on average: ${waited.join('; ')}`);
    load.set(key, r);
    serverErrors += r.status5xx;
    rows.push({ scenario: label, rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, errors: r.non2xx + r.socketErrors, ratio: undefined });
    log(`  ${label}: ${r.rps.toFixed(0)}/s, p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms, ${r.non2xx} non-2xx, ${r.socketErrors} socket errors`);
    if (r.non2xx + r.socketErrors > 0) {
      notes.push(`${label}: status counts ${JSON.stringify(r.statusCounts)}, ${r.socketErrors} socket errors (${r.timeouts} timeouts)${r.errorSamples.length ? `; e.g. ${r.errorSamples.join(' | ')}` : ''}`);
    }
    return r;
  };

  // ------------------------------------------------------------------------------ yardstick
  log('measuring');
  if (wants('pgbench')) await runPgbenchOnce('before');

  // ---------------------------------------------------------------------------------- reads
  // With 64 connections a closed loop measures mostly the queue (Little's law: latency =
  // connections / throughput); one connection shows what a single read costs.
  const unloaded = { method: 'GET' as const, connections: 1, durationS: Math.max(2, options.durationS / 2) };
  // The same 64 connections, open loop, at half the rate they reached flat out: the latency
  // a reader sees while the service is busy but not saturated (bench/lib/paced.ts), where
  // the closed loop above measures mostly its own queue.
  const PACED_SHARE = 0.5;
  const measurePaced = async (key: string, label: string, path: string) => {
    const saturated = load.get(key)?.rps;
    if (!saturated) return;
    const rate = Math.max(1, Math.round(saturated * PACED_SHARE));
    await measure(`${key}-paced`, `${label}, paced at ${rate.toLocaleString('en-US')}/s (open loop, half the rate above)`, { method: 'GET', path, rate });
  };
  const accounts = [
    { key: 'big', id: seed.big, label: `${options.bigEntries.toLocaleString('en-US')}-entry account` },
    { key: 'small', id: seed.small, label: `${options.smallEntries.toLocaleString('en-US')}-entry account` },
  ];
  if (wants('balance')) {
    // The floor under every latency target: a route that reads nothing (no key, no
    // database), through the same HTTP stack and load generator, on the same two cores.
    await measure('floor', FLOOR_LABEL, { method: 'GET', path: '/healthz' });
    for (const a of accounts) await measure(`balance-${a.key}`, `balance read, ${a.label}`, { method: 'GET', path: `/v1/accounts/${a.id}` });
    for (const a of accounts) await measure(`balance-${a.key}-1c`, `balance read, ${a.label}, 1 connection`, { ...unloaded, path: `/v1/accounts/${a.id}` });
    for (const a of accounts) await measurePaced(`balance-${a.key}`, `balance read, ${a.label}`, `/v1/accounts/${a.id}`);
    const pacedRate = load.get('balance-big-paced')?.rps;
    if (pacedRate) {
      const rate = Math.round(pacedRate);
      await measure('floor-paced', `${FLOOR_LABEL}, paced at ${rate.toLocaleString('en-US')}/s (the balance reads' open-loop rate)`, { method: 'GET', path: '/healthz', rate });
    }
  }
  let statementMissing = false;
  if (wants('statement')) {
    const statementPath = (id: string) => `/v1/accounts/${id}/statement?limit=100`;
    const probe = await api.request('GET', statementPath(seed.big));
    statementMissing = isMissingRoute(probe.status, probe.json);
    for (const a of accounts) {
      if (statementMissing) rows.push({ scenario: `statement page (100 lines), ${a.label}`, unavailable: 'n/a (endpoint missing)' });
      else await measure(`statement-${a.key}`, `statement page (100 lines), ${a.label}`, { method: 'GET', path: statementPath(a.id) });
    }
    if (!statementMissing) {
      for (const a of accounts) {
        await measure(`statement-${a.key}-1c`, `statement page (100 lines), ${a.label}, 1 connection`, { ...unloaded, path: statementPath(a.id) });
      }
      for (const a of accounts) await measurePaced(`statement-${a.key}`, `statement page (100 lines), ${a.label}`, statementPath(a.id));
    }
    if (statementMissing) log('  statement: n/a (endpoint missing)');
  }

  // --------------------------------------------------------------------------------- export
  let exported: ExportResult | undefined;
  let exportEntries: number | undefined;
  if (wants('export')) {
    const transactions = Math.min(options.bigEntries, Math.floor(options.exportEntries / 2));
    // Transaction i of the long history takes effect at bigStart + i ms: [1, transactions].
    const window = {
      from: new Date(seed.bigStart.getTime() + 1).toISOString(),
      to: new Date(seed.bigStart.getTime() + transactions + 1).toISOString(),
    };
    exportEntries = await entriesBetween(sql, window.from, window.to);
    exported = await measureExport(service.baseUrl, BENCH_ADMIN_KEY, service.pid, window);
    const label = 'journal export (jsonl), lines/s';
    if (exported.kind === 'missing') {
      rows.push({ scenario: label, unavailable: 'n/a (endpoint missing)' });
      log('  journal export: n/a (endpoint missing)');
    } else if (exported.kind === 'failed') {
      if (exported.status >= 500) serverErrors += 1;
      rows.push({ scenario: label, errors: 1 });
      notes.push(`journal export failed: ${exported.status} ${exported.detail}`);
      log(`  journal export failed: ${exported.status} ${exported.detail}`);
    } else {
      rows.push({ scenario: label, rps: exported.linesPerS, errors: 0 });
      notes.push(
        `journal export: ${exported.lines.toLocaleString('en-US')} lines, ${fmtMb(exported.bytes)} in ${exported.seconds.toFixed(1)} s ` +
          `(${exported.query.includes('from=') ? `the window holding ${exportEntries.toLocaleString('en-US')} entries` : 'the whole journal: the endpoint refused the window'}); ` +
          `service peak RSS ${fmtMb(exported.peakRss)}`,
      );
      log(`  journal export: ${exported.lines} lines in ${exported.seconds.toFixed(1)} s (${exported.linesPerS.toFixed(0)} lines/s), peak RSS ${fmtMb(exported.peakRss)}`);
    }
  }

  // ----------------------------------------------------------------- abuse (issue 13, finding 5)
  // A till's balance reads, alone and beside a flood of made-up keys from the same address
  // (the attacker in a process of its own, over as many connections as the other closed
  // loops), in turns, alone first and last: a drift of this shared machine's load then counts
  // against neither side. The till's key is known to the service, as a working till's is.
  let flood: { alone: Combined; flooded: Combined; attack: FloodResult } | undefined;
  if (wants('abuse')) {
    const till = await api.post<{ key: string }>('/v1/api-keys', { name: 'bench till', role: 'cashier', merchantAccountIds: [seed.merchants[0]] });
    const path = `/v1/accounts/${seed.members[0]}`;
    const tillReads = (durationS: number) =>
      runLoad({ baseUrl: service.baseUrl, headers: { authorization: `Bearer ${till.key}` }, method: 'GET', path, connections: 1, durationS });
    const sliceS = Math.max(1, options.durationS / 2);
    await tillReads(Math.max(1, options.warmupS));
    const alone: LoadResult[] = [];
    const flooded: LoadResult[] = [];
    const attacks: FloodResult[] = [];
    for (let turn = 0; turn < FLOOD_TURNS; turn += 1) {
      alone.push(await tillReads(sliceS));
      const attack = startFlood(REPO_ROOT, { baseUrl: service.baseUrl, path, connections: options.connections, durationS: sliceS + 30 });
      // Until the flood has gone over the address's limit (or, with the limit off, is running).
      const floodStarted = performance.now();
      for (;;) {
        const probe = await fetch(`${service.baseUrl}${path}`, { headers: { authorization: 'Bearer tbk_probe-of-the-bench-not-a-key' } });
        await probe.text();
        if (probe.status === 429 || seconds(floodStarted) > 10) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      flooded.push(await tillReads(sliceS));
      attack.stop();
      attacks.push(await attack.done);
    }
    alone.push(await tillReads(sliceS));
    const attack: FloodResult = {
      requests: attacks.reduce((n, a) => n + a.requests, 0),
      statusCounts: attacks.reduce<Record<string, number>>((counts, a) => {
        for (const [code, n] of Object.entries(a.statusCounts)) counts[code] = (counts[code] ?? 0) + n;
        return counts;
      }, {}),
      socketErrors: attacks.reduce((n, a) => n + a.socketErrors, 0),
      durationS: attacks.reduce((n, a) => n + a.durationS, 0),
    };
    flood = { alone: combine(alone), flooded: combine(flooded), attack };
    const label = 'balance read by a till key, 1 connection';
    for (const [what, r] of [
      [`alone (${alone.length} turns of ${sliceS} s)`, flood.alone],
      [`beside a flood of made-up keys from its address (${options.connections} connections; ${flooded.length} turns)`, flood.flooded],
    ] as const) {
      rows.push({ scenario: `${label}, ${what}`, rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, errors: r.errors });
    }
    serverErrors += flood.alone.status5xx + flood.flooded.status5xx + Object.entries(attack.statusCounts).reduce((n, [code, count]) => (code.startsWith('5') ? n + count : n), 0);
    const turns = (results: LoadResult[]) => results.map((r) => fmtInt(r.rps)).join(', ');
    notes.push(
      `flood of made-up keys: ${fmtInt(attack.requests)} requests in ${attack.durationS.toFixed(0)} s, answered ${JSON.stringify(attack.statusCounts)}, ${attack.socketErrors} socket errors; ` +
        `the till read ${turns(alone)}/s in its turns alone and ${turns(flooded)}/s beside the flood (${fmtRatio(div0(flood.flooded.rps, flood.alone.rps))})`,
    );
    log(`  till reads: ${turns(alone)}/s alone, ${turns(flooded)}/s beside the flood; flood answers ${JSON.stringify(attack.statusCounts)}`);
  }

  // --------------------------------------------------------------- exports (issue 13, finding 6)
  // EXPORT_CROWD auditors ask for the export window at once, and retry when told to; a
  // balance read meanwhile, and the service's memory.
  let crowd: { reads: LoadResult; exports: ExportCrowdResult; peakRss: number | undefined } | undefined;
  if (wants('exports')) {
    const keys: string[] = [];
    for (let i = 0; i < 10; i += 1) keys.push((await api.post<{ key: string }>('/v1/api-keys', { name: `bench auditor ${i}`, role: 'auditor' })).key);
    const transactions = Math.min(options.bigEntries, Math.floor(options.exportEntries / 2));
    const query = `/v1/journal?format=jsonl&from=${encodeURIComponent(new Date(seed.bigStart.getTime() + 1).toISOString())}&to=${encodeURIComponent(new Date(seed.bigStart.getTime() + transactions + 1).toISOString())}`;
    const peakReset = resetPeakRss(service.pid);
    const sampler = new RssSampler(service.pid, 100);
    const exportsRunning = startExportCrowd({ baseUrl: service.baseUrl, keys, clients: EXPORT_CROWD, query });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const reads = await runLoad({ baseUrl: service.baseUrl, headers: api.headers, method: 'GET', path: `/v1/accounts/${seed.small}`, connections: 1, durationS: options.durationS });
    const exports = await exportsRunning.stop();
    const sampled = sampler.stop();
    const peakRss = Math.max(sampled, peakReset ? (rssBytes(service.pid, 'VmHWM') ?? 0) : 0);
    crowd = { reads, exports, peakRss };
    serverErrors += reads.status5xx;
    rows.push({
      scenario: `balance read, 1 connection, while ${EXPORT_CROWD} clients export the journal`,
      rps: reads.rps,
      p50Ms: reads.p50Ms,
      p99Ms: reads.p99Ms,
      errors: reads.non2xx + reads.socketErrors,
    });
    notes.push(
      `${EXPORT_CROWD} exporting clients (${keys.length} auditor keys): ${exports.admitted} exports admitted (at most ${exports.mostRunning} at once), ${exports.finished} finished, ` +
        `refusals ${JSON.stringify(exports.refused)}, ${exports.failed} failed, ${fmtMb(exports.bytes)} streamed; balance read max ${fmtMs(reads.maxMs)} ms; service peak RSS ${fmtMb(peakRss)}`,
    );
    log(`  ${EXPORT_CROWD} exporting clients: ${exports.mostRunning} at once, refusals ${JSON.stringify(exports.refused)}; balance read p99 ${fmtMs(reads.p99Ms)} ms, max ${fmtMs(reads.maxMs)} ms; peak RSS ${fmtMb(peakRss)}`);
  }

  // --------------------------------------------------------------------------------- writes
  const writes: ScenarioName[] = ['spread', 'hot-merchant', 'hot-issuer'];
  let loadRss: number | undefined;
  if (writes.some(wants)) {
    const sampler = new RssSampler(service.pid, 100);
    if (wants('spread')) {
      await measure('spread', 'redemptions, spread over members and merchants', {
        method: 'POST',
        path: '/v1/redemptions',
        body: redemptionBody(seed.members, seed.merchants),
      });
    }
    if (wants('embedded')) {
      // The same load as the embedded PostgreSQL's below, on the server: the pair compares.
      await measure('spread-16', `redemptions, spread, ${COMPARE_CONNECTIONS} connections`, {
        method: 'POST',
        path: '/v1/redemptions',
        body: redemptionBody(seed.members, seed.merchants),
        connections: COMPARE_CONNECTIONS,
      });
    }
    if (wants('hot-merchant')) {
      await measure('hot-merchant', 'redemptions, all into one merchant', {
        method: 'POST',
        path: '/v1/redemptions',
        body: redemptionBody(seed.members, [seed.merchants[0] as string]),
      });
    }
    if (wants('hot-issuer')) {
      await measure('hot-issuer', `earnings, all out of one issuance account (${HOT_ISSUER_CATEGORY})`, {
        method: 'POST',
        path: '/v1/earnings',
        body: () => JSON.stringify({ accountId: pick(seed.members), amount: REDEMPTION_AMOUNT, category: HOT_ISSUER_CATEGORY }),
      });
    }
    loadRss = sampler.stop();
    log(`  service RSS: ${fmtMb(idleRss)} idle after seeding, ${fmtMb(loadRss)} peak under write load`);
  }

  // ------------------------------------------------------------------------- events (issue 16)
  let eventChecks: Check[] = [];
  if (wants('events')) {
    const r = await runEventsScenario({
      api,
      sql,
      body: redemptionBody(seed.members, seed.merchants),
      connections: options.connections,
      durationS: options.durationS,
      warmupS: options.warmupS,
      judge: !options.smoke,
      log,
      settle: () => waitForBackgroundWork(sql, new JournalQueue(sql, options.smoke ? 10 : 30, log), options.settleTimeoutS, log),
    });
    rows.push(...r.rows);
    notes.push(...r.notes);
    eventChecks = r.checks;
    serverErrors += r.errors;
  }
  const logSummary = serviceLogSummary(service.logFile);
  if (rssPeaks.length > 0) notes.push(`service peak RSS by scenario (VmHWM, warm-up included): ${rssPeaks.join(', ')}`);
  if (options.cpuProfDir) notes.push(`time in ledger functions and triggers: ${(await functionTimes(sql)).join('; ')}`);
  await service.stop();
  if (options.cpuProfDir) log(`  CPU profile of the service written to ${options.cpuProfDir}; summarise it with: npx tsx bench/profile-summary.ts <file>`);

  // ------------------------------------------------------- embedded PostgreSQL, and PGlite beside it
  let embeddedColdS: number | undefined;
  let embeddedRestartS: number | undefined;
  /** The services measured at one connection, in turns: the embedded PostgreSQL, PGlite. */
  const single: OneConnectionTarget[] = [];
  let postingFloor: PostingFloor | undefined;
  const pad = (i: number) => String(i).padStart(6, '0');
  /** The same accounts and openings on each embedded service. */
  const seedEmbedded = async (target: Service) => {
    const eapi = new Api(target.baseUrl, BENCH_ADMIN_KEY);
    const merchants = await openAccounts(eapi, 'merchant', Array.from({ length: options.embeddedMerchants }, (_, i) => `S-${pad(i + 1)}`), 4);
    const members = await openAccounts(eapi, 'member', Array.from({ length: options.embeddedMembers }, (_, i) => `R-${pad(i + 1)}`), 4);
    await creditOpenings(eapi, members, OPENING_POINTS);
    return { members, merchants };
  };
  if (wants('embedded')) {
    const dataDir = join(work, 'embedded-data');
    const startEmbeddedService = () =>
      startService({
        repoRoot: REPO_ROOT,
        databaseUrl: undefined,
        dataDir,
        logFile: join(work, 'embedded.log'),
        poolMax: options.poolMax,
        cpuProfDir: options.cpuProfDir ? join(options.cpuProfDir, 'embedded') : undefined,
      });
    // Cold: an empty DATA_DIR, so initdb, start, migrations and the first admin key; then a
    // restart on the same folder. Both from spawning node until /readyz answers 200.
    let started = performance.now();
    let embedded = await startEmbeddedService();
    embeddedColdS = seconds(started);
    await embedded.stop();
    started = performance.now();
    embedded = await startEmbeddedService();
    embeddedRestartS = seconds(started);
    log(`  embedded PostgreSQL service: cold start ${embeddedColdS.toFixed(2)} s (initdb included), restart ${embeddedRestartS.toFixed(2)} s`);
    serviceLogs.push(embedded.logFile);
    const running = embedded;
    cleanup.add('stop the embedded PostgreSQL service', () => running.stop());
    started = performance.now();
    const accountsOf = await seedEmbedded(embedded);
    log(`  embedded PostgreSQL service seeded in ${seconds(started).toFixed(1)} s`);
    single.push({ key: 'embedded', name: 'the embedded PostgreSQL', service: embedded, ...accountsOf, clusterDir: join(dataDir, 'pg') });
  }
  if (wants('pglite')) {
    try {
      const started = performance.now();
      const root = pgliteBuild(REPO_ROOT, options.pgliteCommit, log);
      const pglite = await startService({
        repoRoot: root,
        databaseUrl: undefined,
        dataDir: join(work, 'pglite-data'),
        logFile: join(work, 'pglite.log'),
        poolMax: options.poolMax,
        cpuProfDir: undefined,
      });
      serviceLogs.push(pglite.logFile);
      cleanup.add('stop the PGlite service', () => pglite.stop());
      const accountsOf = await seedEmbedded(pglite);
      log(`  PGlite service (${options.pgliteCommit}) started and seeded in ${seconds(started).toFixed(1)} s`);
      single.push({ key: 'pglite', name: `embedded PGlite (${options.pgliteCommit}, before issue 12)`, service: pglite, ...accountsOf, clusterDir: undefined });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      notes.push(`PGlite was not measured: ${reason}`);
      log(`  PGlite not measured: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (single.length > 0) {
    // One connection: what one request costs. With two services, they take turns, so that a
    // drift of this shared machine's load counts against neither.
    const turnS = Math.max(1, options.durationS / ONE_CONNECTION_TURNS);
    const inTurns = async (what: string, kind: string, spec: (target: OneConnectionTarget) => Omit<LoadSpec, 'baseUrl' | 'headers' | 'connections' | 'durationS'>) => {
      for (const target of single) {
        if (options.warmupS > 0) await runLoad({ ...spec(target), baseUrl: target.service.baseUrl, headers: api.headers, connections: 1, durationS: options.warmupS });
      }
      const turns = new Map<string, { results: LoadResult[]; service: number; postgres: number }>();
      for (let turn = 0; turn < ONE_CONNECTION_TURNS; turn += 1) {
        for (const target of single) {
          const postgres = target.clusterDir ? clusterPids(target.clusterDir) : [];
          const cpu = new CpuMeter(target.service.pid);
          cpu.begin();
          const r = await runLoad({ ...spec(target), baseUrl: target.service.baseUrl, headers: api.headers, connections: 1, durationS: turnS });
          cpu.end([]);
          const used = cpu.cpuSeconds(postgres);
          const sum = turns.get(target.key) ?? { results: [], service: 0, postgres: 0 };
          sum.results.push(r);
          sum.service += used.service;
          sum.postgres += used.postgres;
          turns.set(target.key, sum);
        }
      }
      for (const target of single) {
        const sum = turns.get(target.key);
        if (!sum) continue;
        const r = combine(sum.results);
        const answered = sum.results.reduce((n, x) => n + x.ok, 0);
        const perRequestMs = (cpuS: number) => (answered > 0 ? (1000 * cpuS) / answered : undefined);
        const key = `${target.key}${kind}`;
        const label = `${what} on ${target.name}, 1 connection`;
        oneConnection.set(key, { ...r, serviceCpuMs: perRequestMs(sum.service), postgresCpuMs: target.clusterDir ? perRequestMs(sum.postgres) : undefined });
        serverErrors += r.status5xx;
        rows.push({ scenario: label, rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, errors: r.errors, ratio: undefined });
        log(`  ${label}: ${r.rps.toFixed(0)}/s (turns: ${sum.results.map((x) => x.rps.toFixed(0)).join(', ')}), p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms, ${r.errors} errors`);
      }
    };
    await inTurns('GET /readyz (one SELECT 1)', '-floor', () => ({ method: 'GET', path: '/readyz' }));
    await inTurns('redemptions', '', (target) => ({ method: 'POST', path: '/v1/redemptions', body: redemptionBody(target.members, target.merchants) }));
    for (const target of single) {
      const r = oneConnection.get(target.key);
      if (r?.serviceCpuMs === undefined) continue;
      notes.push(
        `CPU per redemption on ${target.name} at one connection: service ${fmtMs(r.serviceCpuMs)} ms` +
          (r.postgresCpuMs !== undefined ? `, its PostgreSQL ${fmtMs(r.postgresCpuMs)} ms (backends, WAL writer and the rest of the cluster)` : ' (the database runs inside it)'),
      );
    }
    const pgliteService = single.find((target) => target.key === 'pglite')?.service;
    if (pgliteService) await pgliteService.stop();
  }
  const embeddedTarget = single.find((target) => target.key === 'embedded');
  if (embeddedTarget?.clusterDir) {
    // The database's share of a redemption at one connection, measured on its own.
    postingFloor = await measurePostingFloor(socketUrl(embeddedTarget.clusterDir, EMBEDDED_DATABASE), embeddedTarget, options.durationS);
    const label = 'ledger_post alone on the embedded PostgreSQL (no HTTP; mean, not p50), 1 connection';
    rows.push({ scenario: label, rps: postingFloor.perS, p50Ms: postingFloor.wallMs, errors: 0 });
    log(`  ${label}: ${postingFloor.perS.toFixed(0)}/s, ${fmtMs(postingFloor.wallMs)} ms each, backend CPU ${fmtMs(postingFloor.backendCpuMs)} ms`);
  }
  if (embeddedTarget) {
    const embedded = embeddedTarget.service;
    await measure('embedded-16', `redemptions on the embedded PostgreSQL, spread, ${COMPARE_CONNECTIONS} connections`, {
      baseUrl: embedded.baseUrl,
      pid: embedded.pid,
      method: 'POST',
      path: '/v1/redemptions',
      body: redemptionBody(embeddedTarget.members, embeddedTarget.merchants),
      connections: COMPARE_CONNECTIONS,
    });
    const embeddedLog = serviceLogSummary(embedded.logFile);
    if (embeddedLog.length > 0) notes.push(`embedded PostgreSQL service log: ${embeddedLog.join('; ')}`);
    await embedded.stop();
  }

  if (wants('pgbench') && !options.smoke) await runPgbenchOnce('after');
  const loadAtEnd = loadAverage();

  // --------------------------------------------------------------------------------- report
  const tps = yardstick();
  // A ratio to pgbench means something for the 64-connection runs only.
  for (const row of rows) {
    if (row.rps !== undefined && tps && !row.scenario.startsWith('journal export') && !row.scenario.startsWith(FLOOR_LABEL) && !row.scenario.includes('1 connection')) row.ratio = row.rps / tps;
  }
  const yardstickRows: Row[] = pgbenchRuns.map((r, i) => ({
    scenario: `pgbench tpcb-like, ${options.pgbenchClients} clients, -j ${options.pgbenchThreads}, scale ${options.pgbenchScale}${
      pgbenchRuns.length > 1 ? (i === 0 ? ', before the service runs' : ', after them') : ''
    }`,
    rps: r.tps,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    errors: r.failed,
    ratio: tps ? r.tps / tps : undefined,
  }));

  const judge = !options.smoke;
  const l = (k: string) => load.get(k);
  const div = div0;
  const ms = (n: number) => `${fmtMs(n)} ms`;
  const statementNa = statementMissing ? 'n/a (endpoint missing)' : 'n/a';
  const exportDone = exported?.kind === 'done' ? exported : undefined;
  const exportNa = exported?.kind === 'missing' ? 'n/a (endpoint missing)' : exported?.kind === 'failed' ? `failed (${exported.status})` : 'n/a';
  const checks: Check[] = [
    check('hot-merchant redemptions / pgbench tps', div(l('hot-merchant')?.rps, tps), '>=', 0.6, fmtRatio, judge),
    check('hot-merchant redemptions p99', l('hot-merchant')?.p99Ms, '<=', 50, ms, judge),
    check('hot-merchant redemptions errors', l('hot-merchant') ? (l('hot-merchant')?.non2xx ?? 0) + (l('hot-merchant')?.socketErrors ?? 0) : undefined, '==', 0, fmtInt, judge),
    check('hot-merchant / spread redemptions/s', div(l('hot-merchant')?.rps, l('spread')?.rps), '>=', 0.9, fmtRatio, judge),
    check('hot-issuer earnings/s / spread redemptions/s', div(l('hot-issuer')?.rps, l('spread')?.rps), '>=', 0.9, fmtRatio, judge),
    check(`balance read p99, ${accounts[0]?.label}`, l('balance-big')?.p99Ms, '<=', BALANCE_P99_MS, ms, judge),
    check(`balance read p99, ${accounts[1]?.label}`, l('balance-small')?.p99Ms, '<=', BALANCE_P99_MS, ms, judge),
    check('balance read p99, long / short history', div(l('balance-big')?.p99Ms, l('balance-small')?.p99Ms), '<=', 1.5, fmtRatio, judge),
    check(`balance read p99, ${accounts[0]?.label}, paced at half the saturated rate`, l('balance-big-paced')?.p99Ms, '<=', BALANCE_P99_MS, ms, judge),
    check(`balance read p99, ${accounts[1]?.label}, paced at half the saturated rate`, l('balance-small-paced')?.p99Ms, '<=', BALANCE_P99_MS, ms, judge),
    check(`statement page p99, ${accounts[0]?.label}`, l('statement-big')?.p99Ms, '<=', STATEMENT_P99_MS, ms, judge, statementNa),
    check(`statement page p99, ${accounts[1]?.label}`, l('statement-small')?.p99Ms, '<=', STATEMENT_P99_MS, ms, judge, statementNa),
    check('statement page p99, long / short history', div(l('statement-big')?.p99Ms, l('statement-small')?.p99Ms), '<=', 1.5, fmtRatio, judge, statementNa),
    check(`statement page p99, ${accounts[0]?.label}, paced at half the saturated rate`, l('statement-big-paced')?.p99Ms, '<=', STATEMENT_P99_MS, ms, judge, statementNa),
    check(`statement page p99, ${accounts[1]?.label}, paced at half the saturated rate`, l('statement-small-paced')?.p99Ms, '<=', STATEMENT_P99_MS, ms, judge, statementNa),
    oneConnection.has('pglite')
      ? check('embedded PostgreSQL / PGlite redemptions/s, 1 connection (both in this run)', div(oneConnection.get('embedded')?.rps, oneConnection.get('pglite')?.rps), '>=', EMBEDDED_OVER_PGLITE, fmtRatio, judge)
      : check(`embedded PostgreSQL redemptions/s, 1 connection (${EMBEDDED_OVER_PGLITE}x PGlite's ${PGLITE_REDEMPTIONS_PER_S} before issue 12)`, oneConnection.get('embedded')?.rps, '>=', EMBEDDED_OVER_PGLITE * PGLITE_REDEMPTIONS_PER_S, fmtInt, judge),
    check(`embedded / server redemptions/s, ${COMPARE_CONNECTIONS} connections`, div(l('embedded-16')?.rps, l('spread-16')?.rps), '>=', EMBEDDED_16_OVER_SERVER_16, fmtRatio, judge),
    check('embedded PostgreSQL cold start (initdb included)', embeddedColdS, '<=', EMBEDDED_COLD_START_S, (n) => `${n.toFixed(2)} s`, judge),
    check('embedded PostgreSQL restart', embeddedRestartS, '<=', EMBEDDED_RESTART_S, (n) => `${n.toFixed(2)} s`, judge),
    check('journal export lines/s', exportDone?.linesPerS, '>=', 50_000, fmtInt, judge, exportNa),
    check('journal export peak RSS', exportDone ? exportDone.peakRss / MB : undefined, '<=', 200, (n) => `${n.toFixed(0)} MB`, judge, exportNa),
    check('service RSS under write load (peak)', loadRss !== undefined ? loadRss / MB : undefined, '<=', 200, (n) => `${n.toFixed(0)} MB`, judge),
    check('till reads beside a flood of made-up keys / alone (issue 13)', div(flood?.flooded.rps, flood?.alone.rps), '>=', FLOODED_SHARE_MIN, fmtRatio, judge),
    check(`slowest balance read while ${EXPORT_CROWD} clients export (issue 13)`, crowd?.reads.maxMs, '<=', CROWDED_READ_MS_MAX, ms, judge),
    check(`service peak RSS while ${EXPORT_CROWD} clients export (issue 13)`, crowd?.peakRss !== undefined ? crowd.peakRss / MB : undefined, '<=', CROWDED_RSS_MB_MAX, (n) => `${n.toFixed(0)} MB`, judge),
    ...eventChecks,
  ];

  const floor = l('floor');
  if (floor) {
    const paced = l('floor-paced');
    notes.push(
      `The floor: a route that does nothing (GET /healthz) answered ${fmtInt(floor.rps)}/s at p99 ${ms(floor.p99Ms)} with ${options.connections} connections in a closed loop` +
        `${paced ? `, and at p99 ${ms(paced.p99Ms)} paced at the balance reads' rate` : ''}.` +
        (floor.p99Ms > BALANCE_P99_MS
          ? ` A closed-loop p99 of ${BALANCE_P99_MS} ms is below what this machine, this load generator and the HTTP stack give a route that does no work.`
          : ''),
    );
  }
  const pgliteRedemption = oneConnection.get('pglite');
  if (postingFloor) {
    notes.push(
      `The database alone at one connection (ledger_post over one connection, prepared, each posting its own durable commit, no HTTP): ` +
        `${fmtInt(postingFloor.perS)} postings/s, ${ms(postingFloor.wallMs)} each, of which ${ms(postingFloor.backendCpuMs ?? Number.NaN)} CPU in its backend` +
        (pgliteRedemption && pgliteRedemption.rps > 0
          ? `. ${EMBEDDED_OVER_PGLITE}x PGlite's ${fmtInt(pgliteRedemption.rps)} redemptions/s of this run leaves ${ms(1000 / (EMBEDDED_OVER_PGLITE * pgliteRedemption.rps))} for a whole redemption; ` +
            `this database alone reaches ${fmtRatio(postingFloor.perS / pgliteRedemption.rps)}x PGlite.`
          : '.'),
    );
  }
  const embeddedFloor = oneConnection.get('embedded-floor');
  if (embeddedFloor) {
    const pgliteFloor = oneConnection.get('pglite-floor');
    notes.push(
      `The floor at one connection, a request running one SELECT 1: p50 ${ms(embeddedFloor.p50Ms)} (${fmtInt(embeddedFloor.rps)}/s) on the embedded PostgreSQL` +
        (pgliteFloor
          ? `, p50 ${ms(pgliteFloor.p50Ms)} (${fmtInt(pgliteFloor.rps)}/s) on PGlite.`
          : `. PGlite's ${PGLITE_REDEMPTIONS_PER_S} redemptions/s are bench/results/latest.md's figure from before issue 12, not measured in this run.`),
    );
  }
  if (logSummary.length > 0) notes.push(`service log (warn and above): ${logSummary.join('; ')}`);
  const settings: [string, string][] = [
    ['mode', `${mode}${options.only.size < SCENARIOS.length ? ` (only: ${[...options.only].join(', ')})` : ''}${options.cpuProfDir ? ', service under --cpu-prof' : ''}`],
    ['load generator', `autocannon, ${options.connections} keep-alive connections (the embedded PostgreSQL: 1 and 16${wants('pglite') ? `; at 1, it and PGlite take ${ONE_CONNECTION_TURNS} turns each` : ''}), ${options.durationS} s per scenario after ${options.warmupS} s warm-up, in the bench process`],
    ['service', `node ${startArgs(REPO_ROOT).join(' ')} (as npm start), DB_POOL_MAX ${options.poolMax ?? 'default'}, LOG_LEVEL warn, per-key rate limit off, every other limit at its default`],
    ['seed', `${options.members.toLocaleString('en-US')} members (${OPENING_POINTS} points each), ${options.merchants} merchants, a ${options.bigEntries.toLocaleString('en-US')}-entry and a ${options.smallEntries}-entry member; ${seed.seedS.toFixed(0)} s, then ${seed.settleS.toFixed(0)} s for checkpoints and the journal to catch up`],
    ['load average (1/5/15 min)', `${loadAtStart} at start, ${loadAtEnd} at the end (other engineers share this machine)`],
  ];
  const markdown = [
    `# timebank-ledger benchmark, ${runStarted.toISOString().replace(/\.\d+Z$/, 'Z')} (${mode})`,
    '',
    '## Machine',
    '',
    keyValueTable(machine),
    '',
    '## Run',
    '',
    keyValueTable(settings),
    '',
    '## Results',
    '',
    'requests/s counts 2xx answers; p50/p99 are their latencies at the client; errors are non-2xx answers plus socket errors; the ratio divides by the mean pgbench tps of this run. ' +
      `With ${options.connections} connections in a closed loop, latency is mostly queueing (connections / throughput); the "1 connection" rows show one request alone.`,
    '',
    resultsTable([...yardstickRows, ...rows]),
    '',
    `## Targets${judge ? '' : ' (smoke run: reported, not judged)'}`,
    '',
    checksTable(checks),
    '',
    ...(notes.length > 0 ? ['## Notes', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');

  log('');
  log(markdown);
  // Only a complete full run is a result: a smoke, partial or profiled run prints only.
  if (!options.smoke && options.only.size === SCENARIOS.length && !options.cpuProfDir) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${stamp}.md`);
    writeFileSync(file, markdown);
    writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
    log(`written: ${relative(REPO_ROOT, file)} and bench/results/latest.md`);
  }
  if (serverErrors > 0) {
    process.stderr.write(`bench: ${serverErrors} server errors (5xx) during the run\n`);
    return 1;
  }
  return 0;
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof OptionsError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const cleanup = new Cleanup();
  cleanup.onSignals();
  const log: Log = (line) => process.stdout.write(`${line}\n`);
  const started = performance.now();
  try {
    return await bench(options, cleanup, log);
  } catch (error) {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    for (const file of serviceLogs) process.stderr.write(`\n--- the last lines of ${file}:\n${logTail(file, 40)}\n`);
    return 1;
  } finally {
    await cleanup.run();
    log(`bench took ${seconds(started).toFixed(0)} s`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
