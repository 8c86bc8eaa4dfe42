import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from './load.js';

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
}

/** pgbench's version line, or undefined when it is not installed. */
export function pgbenchVersion(): string | undefined {
  const run = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

function connectionArgs(url: string): string[] {
  const u = new URL(url);
  const args = ['-h', u.hostname, '-p', u.port || '5432'];
  if (u.username) args.push('-U', decodeURIComponent(u.username));
  args.push(decodeURIComponent(u.pathname.slice(1)));
  return args;
}

function run(args: string[], cwd: string, url: string): Promise<string> {
  const password = new URL(url).password;
  return new Promise((resolve, reject) => {
    const child = spawn('pgbench', args, {
      cwd,
      env: { ...process.env, ...(password ? { PGPASSWORD: decodeURIComponent(password) } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`pgbench ${args.join(' ')} exited with ${code}:\n${out.slice(-2000)}`))));
  });
}

/** pgbench -i: the tpcb-like tables at `scale` (100,000 accounts per unit). */
export async function initPgbench(url: string, scale: number, workDir: string): Promise<void> {
  await run(['-i', '-q', '-s', String(scale), ...connectionArgs(url)], workDir, url);
}

/**
 * The built-in tpcb-like script (a bank transfer: three UPDATEs, a SELECT and an INSERT in
 * one transaction) for `durationS` seconds. Latency percentiles come from the
 * per-transaction log (-l), which pgbench writes into `logDir`.
 */
export async function runPgbench(
  url: string,
  options: { clients: number; threads: number; durationS: number; logDir: string; tag: string },
): Promise<PgbenchResult> {
  const prefix = `pgbench-${options.tag}`;
  const out = await run(
    [
      '-b', 'tpcb-like',
      '-c', String(options.clients),
      '-j', String(options.threads),
      '-T', String(Math.max(1, Math.round(options.durationS))),
      '-l', `--log-prefix=${prefix}`,
      ...connectionArgs(url),
    ],
    options.logDir,
    url,
  );
  const tps = Number(/^tps = ([0-9.]+)/m.exec(out)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`could not read tps from pgbench:\n${out}`);
  const transactions = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? 0);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);

  // Each log line: client_id transaction_no latency_us script_no epoch_s epoch_us.
  const latencies: number[] = [];
  for (const file of readdirSync(options.logDir).filter((f) => f.startsWith(`${prefix}.`))) {
    for (const line of readFileSync(join(options.logDir, file), 'utf8').split('\n')) {
      const us = Number(line.split(' ')[2]);
      if (Number.isFinite(us) && line.length > 0) latencies.push(us / 1000);
    }
  }
  const sorted = Float64Array.from(latencies).sort();
  return { tps, transactions, failed, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}
