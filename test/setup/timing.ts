import { appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/**
 * Loaded into every process tap starts (.taprc node-arg, after tsx). With TEST_TIMINGS=1, each appends
 * at its exit what it really cost: the wall time since the process started and its CPU
 * (with that of the children it waited for), which test/setup/after.ts prints as a table.
 *
 * tap's own time for a file starts when the file loads tap: it leaves out starting node,
 * the loaders and compiling the imports, about a second of CPU per file here, so its
 * per-file times add up to far less than the files cost, as if they did not overlap.
 */

/** Where a run's processes note their cost: one JSON line each. */
export function timingsFile(tapPid: number): string {
  return join(tmpdir(), `tbl-test-${tapPid}-timings.jsonl`);
}

// Not in worker threads (the webhook sender's): their process is the test file's, counted once.
if (process.env.TEST_TIMINGS === '1' && isMainThread) {
  // tap starts the before and after scripts and every test file from the same process.
  const file = timingsFile(process.ppid);
  process.on('exit', () => {
    // The after script prints and removes the file, then turns this off for itself.
    if (process.env.TEST_TIMINGS !== '1') return;
    const own = process.cpuUsage();
    let childrenS = 0;
    try {
      // cutime and cstime, the children waited for, in clock ticks of 1/100 s (fields 16, 17).
      const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
      childrenS = (Number(fields[13]) + Number(fields[14])) / 100 || 0;
    } catch {
      // not Linux: the children's share is left out
    }
    const line = { file: relative(process.cwd(), process.argv[1] ?? ''), wallS: process.uptime(), cpuS: (own.user + own.system) / 1e6 + childrenS };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}

/** The table test/setup/after.ts prints: each process's cost, the costliest first. */
export function timingsTable(tapPid: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(timingsFile(tapPid), 'utf8');
  } catch {
    return undefined;
  }
  const rows = text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as { file: string; wallS: number; cpuS: number })
    .sort((a, b) => b.wallS - a.wallS);
  const sum = (key: 'wallS' | 'cpuS') => rows.reduce((s, r) => s + r[key], 0);
  const lines = rows.map((r) => `# ${r.wallS.toFixed(1).padStart(7)} ${r.cpuS.toFixed(1).padStart(7)}  ${r.file}`);
  return [
    '# TEST_TIMINGS: each process from its start to its exit (wall) and its CPU, in seconds',
    '#    wall     CPU  file',
    ...lines,
    `# ${sum('wallS').toFixed(1).padStart(7)} ${sum('cpuS').toFixed(1).padStart(7)}  all ${rows.length} processes (the after script not counted; the database server's CPU neither)`,
    '',
  ].join('\n');
}
