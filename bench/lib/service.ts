import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The admin key and server secret every bench service starts with (throwaway databases only). */
export const BENCH_ADMIN_KEY = 'tbk_bench-admin-key-for-throwaway-bench-databases-only';
const BENCH_API_KEY_SECRET = 'bench-server-secret-for-throwaway-bench-databases-only';

/** Variables the bench decides; anything else in the caller's environment passes through. */
const DECIDED = ['NODE_ENV', 'DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL', 'DATA_DIR', 'DB_POOL_MAX', 'BOOTSTRAP_ADMIN_KEY', 'API_KEY_SECRET', 'RATE_LIMIT_PER_MINUTE',
  // The limits the abuse and export scenarios measure: the service's defaults.
  'RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 'EXPORT_CONCURRENCY_MAX', 'EXPORT_CONCURRENCY_PER_KEY_MAX'];

export interface ServiceOptions {
  repoRoot: string;
  /** Unset: the embedded PostgreSQL in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  logFile: string;
  poolMax: string | undefined;
  /** Run under `node --cpu-prof`, writing the profile into this folder on exit. */
  cpuProfDir: string | undefined;
  readyTimeoutMs?: number;
}

export interface Service {
  readonly pid: number;
  readonly baseUrl: string;
  readonly logFile: string;
  /** SIGTERM, then wait for a graceful exit (SIGKILL after a grace period). Idempotent. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function tail(file: string, lines = 30): string {
  try {
    // Long lines (a failed query with its parameters) are cut: the start says what happened.
    return readFileSync(file, 'utf8')
      .split('\n')
      .slice(-lines)
      .map((l) => (l.length > 600 ? `${l.slice(0, 600)} ...` : l))
      .join('\n');
  } catch {
    return '(no log)';
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * The node arguments of `npm start` (package.json's start script, `exec node <args>`), so
 * that the bench measures the service as it is run, V8 flags included.
 */
export function startArgs(repoRoot: string): string[] {
  const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts;
  const words = (scripts?.start ?? '').replace(/^exec\s+/, '').trim().split(/\s+/);
  if (words[0] !== 'node' || words.length < 2) throw new Error(`npm start does not run "node <args>": ${scripts?.start}`);
  return words.slice(1);
}

/**
 * Starts the compiled service as `npm start` runs it (`node ... dist/server.js`, as the image
 * does too; `npm run bench` compiles it first) as a child process and waits for /readyz.
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of DECIDED) delete env[name];
  Object.assign(env, {
    // As the Dockerfile runs it.
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: options.dataDir,
    BOOTSTRAP_ADMIN_KEY: BENCH_ADMIN_KEY,
    API_KEY_SECRET: BENCH_API_KEY_SECRET,
    RATE_LIMIT_PER_MINUTE: '0',
  });
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.poolMax) env.DB_POOL_MAX = options.poolMax;

  const args: string[] = [];
  if (options.cpuProfDir) args.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  args.push(...startArgs(options.repoRoot));

  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: options.repoRoot, env, stdio: ['ignore', log, log] });
  closeSync(log);
  const done = exited(child);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the service');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const graceful = await Promise.race([done.then(() => true), sleep(20_000).then(() => false)]);
      if (!graceful) {
        child.kill('SIGKILL');
        await done;
      }
    })();
    return stopping;
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the service exited during start (code ${child.exitCode}, signal ${child.signalCode}):\n${tail(options.logFile)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the service was not ready in time:\n${tail(options.logFile)}`);
    }
    await sleep(100);
  }
  return { pid, baseUrl, logFile: options.logFile, stop };
}

/** Resident set size of a process in bytes, from /proc (Linux); undefined when it is gone. */
export function rssBytes(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resets VmHWM so that it reports the peak from now on; false where the kernel refuses. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; reports the peak. */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 100,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    const rss = rssBytes(this.pid);
    if (rss !== undefined && rss > this.peak) this.peak = rss;
  }

  /** Stops sampling; the peak in bytes. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

export { tail as logTail };
