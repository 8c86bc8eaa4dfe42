import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Who used the machine's cores during a scenario, from /proc (Linux): the service, its
 * PostgreSQL backends, the load generator (this process), and everything else (PostgreSQL's
 * own processes, other engineers' work). On 2 shared cores that explains most figures.
 */

let ticksPerSecond: number | undefined;
/** Clock ticks per second of /proc's CPU times. */
export function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of a process (all its threads), in clock ticks; 0 when it is gone. */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces: fields start after the closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * Busy ticks of the whole machine (all cores), from /proc/stat, and of those the ticks
 * stolen: time this virtual machine's cores were ready to run but the host ran another
 * machine's work.
 */
function machineTicks(): { busy: number; steal: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return { busy: (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0), steal: steal ?? 0 };
}

function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

interface Snapshot {
  at: number;
  service: number;
  bench: number;
  postgres: Map<number, number>;
  machine: { busy: number; steal: number };
}

/**
 * The processes of the PostgreSQL cluster in `clusterDir` (the postmaster and its children:
 * backends, WAL writer, checkpointer ...), from its postmaster.pid; none if it is not running.
 */
export function clusterPids(clusterDir: string): number[] {
  let postmaster: number;
  try {
    postmaster = Number.parseInt(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
  } catch {
    return [];
  }
  if (!Number.isInteger(postmaster) || postmaster <= 0) return [];
  return [postmaster, ...postgresPids().filter((pid) => parentOf(pid) === postmaster)];
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

export class CpuMeter {
  private start: Snapshot | undefined;
  private last: Snapshot | undefined;

  constructor(private readonly servicePid: number) {}

  private snapshot(): Snapshot {
    const postgres = new Map<number, number>();
    for (const pid of postgresPids()) postgres.set(pid, processTicks(pid));
    return { at: performance.now(), service: processTicks(this.servicePid), bench: processTicks(process.pid), postgres, machine: machineTicks() };
  }

  begin(): void {
    this.start = this.snapshot();
  }

  /**
   * Cores used since begin(), by whom. `backendPids` are the service's PostgreSQL
   * connections (from pg_stat_activity); other postgres processes count as PostgreSQL's own.
   */
  end(backendPids: readonly number[]): string {
    const start = this.start;
    if (!start) return '';
    const end = this.snapshot();
    this.last = end;
    const seconds = (end.at - start.at) / 1000;
    const cores = (ticks: number) => ticks / clockTicks() / seconds;
    // A process that started during the run (a new pool connection) counts from zero; one
    // that ended during it is lost, and its time shows as "everything else".
    const delta = (pid: number) => (end.postgres.get(pid) ?? 0) - (start.postgres.get(pid) ?? 0);
    const ours = new Set(backendPids);
    let backends = 0;
    let otherPostgres = 0;
    for (const pid of end.postgres.keys()) {
      if (ours.has(pid)) backends += delta(pid);
      else otherPostgres += delta(pid);
    }
    const service = end.service - start.service;
    const bench = end.bench - start.bench;
    const machine = end.machine.busy - start.machine.busy;
    const stolen = end.machine.steal - start.machine.steal;
    const rest = machine - stolen - service - bench - backends - otherPostgres;
    return (
      `service ${cores(service).toFixed(2)}, its PostgreSQL backends ${cores(backends).toFixed(2)}, ` +
      `other PostgreSQL processes ${cores(otherPostgres).toFixed(2)}, load generator ${cores(bench).toFixed(2)}, ` +
      `everything else ${Math.max(0, cores(rest)).toFixed(2)}, stolen by the host for other machines ${cores(stolen).toFixed(2)} ` +
      `(cores busy in all: ${cores(machine).toFixed(2)})`
    );
  }

  /**
   * CPU seconds (user and system) between begin() and end() of the service, and of the
   * PostgreSQL processes among `postgres` (a process that started meanwhile counts from zero).
   */
  cpuSeconds(postgres: readonly number[]): { service: number; postgres: number } {
    const start = this.start;
    const end = this.last;
    if (!start || !end) return { service: 0, postgres: 0 };
    const ticks = postgres.reduce((n, pid) => n + (end.postgres.get(pid) ?? 0) - (start.postgres.get(pid) ?? 0), 0);
    return { service: (end.service - start.service) / clockTicks(), postgres: ticks / clockTicks() };
  }
}
