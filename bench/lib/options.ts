/**
 * What one bench run does, from the command line and the environment. The full run is what
 * issue 6 specifies; the smoke run is the same code on a tiny data set, for CI.
 */
import { PGLITE_COMMIT } from './pglite.js';

export const SCENARIOS = [
  'pgbench',
  'balance',
  'statement',
  'export',
  'spread',
  'hot-merchant',
  'hot-issuer',
  'abuse',
  'exports',
  'embedded',
  'pglite',
  'events',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchOptions {
  smoke: boolean;
  /** Seconds each measured scenario runs. */
  durationS: number;
  /** Seconds of unmeasured load before each service scenario (JIT, caches, pool). */
  warmupS: number;
  /** Concurrent connections the load generator keeps open against the service. */
  connections: number;
  members: number;
  merchants: number;
  /** Entries on the long-history account, and on the short one. */
  bigEntries: number;
  smallEntries: number;
  /** Entries the journal export covers (a window of the long history). */
  exportEntries: number;
  embeddedMembers: number;
  embeddedMerchants: number;
  /** The commit whose embedded PGlite the embedded PostgreSQL is compared with (bench/lib/pglite.ts). */
  pgliteCommit: string;
  pgbenchScale: number;
  pgbenchClients: number;
  pgbenchThreads: number;
  /** postgres:// URL of a role that may create and drop databases. */
  adminUrl: string;
  /** DB_POOL_MAX for the service; undefined keeps the service's default. */
  poolMax: string | undefined;
  /** When set, the PostgreSQL-backed service runs with --cpu-prof into this folder. */
  cpuProfDir: string | undefined;
  /** Seconds to wait for balance checkpoints and the journal to catch up after seeding. */
  settleTimeoutS: number;
  only: ReadonlySet<ScenarioName>;
}

export class OptionsError extends Error {}

function positiveNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new OptionsError(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

const USAGE = `usage: npm run bench [-- --smoke]

environment:
  BENCH_SMOKE=1            the smoke run (same as --smoke): tiny seed, 2-second scenarios, no thresholds
  BENCH_DURATION_S=10      seconds per scenario (smoke: 2)
  BENCH_ONLY=a,b           run only these scenarios: ${SCENARIOS.join(', ')}
  BENCH_PG_URL=...         admin connection (default postgres://postgres@127.0.0.1:5432/postgres)
  BENCH_DB_POOL_MAX=n      DB_POOL_MAX for the service (default: the service's own default)
  BENCH_CPU_PROF_DIR=dir   run the PostgreSQL-backed service under node --cpu-prof, profiles into dir
  BENCH_SETTLE_TIMEOUT_S   how long to wait for checkpoints and the journal after seeding (default 900)
  BENCH_PGLITE_COMMIT=rev  the commit whose embedded PGlite the pglite scenario builds and runs (default ${PGLITE_COMMIT})`;

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (arg !== '--smoke') throw new OptionsError(`unknown argument ${arg}\n${USAGE}`);
  }
  const smoke = argv.includes('--smoke') || ['1', 'true', 'yes'].includes(env.BENCH_SMOKE ?? '');
  const durationS = positiveNumber('BENCH_DURATION_S', env.BENCH_DURATION_S, smoke ? 2 : 10);

  // The smoke run proves the wiring of this checkout: it leaves out building an old one.
  let only: Set<ScenarioName> = new Set(SCENARIOS.filter((s) => !(smoke && s === 'pglite')));
  if (env.BENCH_ONLY) {
    const wanted = env.BENCH_ONLY.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = wanted.filter((w) => !(SCENARIOS as readonly string[]).includes(w));
    if (unknown.length > 0) throw new OptionsError(`BENCH_ONLY: unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
    only = new Set(wanted as ScenarioName[]);
  }

  const adminUrl = env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!/^postgres(ql)?:\/\//.test(adminUrl)) throw new OptionsError('BENCH_PG_URL must be a postgres:// URL');

  return {
    smoke,
    durationS,
    warmupS: smoke ? 0 : 1,
    connections: 64,
    members: smoke ? 200 : 10_000,
    merchants: smoke ? 2 : 20,
    bigEntries: smoke ? 2_000 : 1_000_000,
    smallEntries: 100,
    exportEntries: smoke ? 1_000 : 1_000_000,
    embeddedMembers: smoke ? 50 : 1_000,
    embeddedMerchants: smoke ? 2 : 20,
    pgliteCommit: env.BENCH_PGLITE_COMMIT || PGLITE_COMMIT,
    // Scale 10 takes several seconds to build; the smoke run only proves the wiring works.
    pgbenchScale: smoke ? 1 : 10,
    pgbenchClients: 16,
    pgbenchThreads: 2,
    adminUrl,
    poolMax: env.BENCH_DB_POOL_MAX || undefined,
    cpuProfDir: env.BENCH_CPU_PROF_DIR || undefined,
    settleTimeoutS: positiveNumber('BENCH_SETTLE_TIMEOUT_S', env.BENCH_SETTLE_TIMEOUT_S, smoke ? 60 : 900),
    only,
  };
}
