import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

function gitDescription(repoRoot: string): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'migrations'], { cwd: repoRoot, encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.stdout.trim() ? ' + uncommitted changes in src/ or migrations/' : ''}`;
}

/** What the figures were measured on: they mean little without it. */
export function describeMachine(repoRoot: string, postgres: string, pgbench: string): [string, string][] {
  const model = cpus()[0]?.model.trim() ?? 'unknown cpu';
  return [
    ['cpus (nproc)', `${availableParallelism()} x ${model}`],
    ['memory', `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`],
    ['node', process.version],
    ['postgresql', postgres],
    ['pgbench', pgbench],
    ['git', gitDescription(repoRoot)],
  ];
}
