import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The last commit whose embedded engine was PGlite (before issue 12). Issue 12 asks the
 * embedded PostgreSQL to do 4x PGlite's redemptions at one connection, measured in the same
 * session: the bench builds this commit once, as `npm ci && npm run build` would, and runs
 * it beside the service under test.
 */
export const PGLITE_COMMIT = '361e24f';

/** Marks a build that finished: a folder without it is built again from scratch. */
const BUILT_MARK = '.bench-built';

function run(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${e.message.split('\n')[0]}\n${output}`);
  }
}

/**
 * The PGlite build's folder (its package.json, node_modules and dist/), made on first use
 * under node_modules/.cache of this checkout and reused after: `git archive` of `commit`,
 * `npm ci` from its own lockfile (the registry is asked for what the npm cache lacks), and
 * its TypeScript compiled as `npm start` would.
 */
export function pgliteBuild(repoRoot: string, commit: string, log: (line: string) => void): string {
  const full = run('git', ['rev-parse', '--verify', `${commit}^{commit}`], repoRoot).trim();
  const dir = join(repoRoot, 'node_modules', '.cache', 'timebank-bench', `pglite-${full.slice(0, 12)}`);
  if (existsSync(join(dir, BUILT_MARK))) return dir;
  log(`  building the PGlite service of ${full.slice(0, 12)} in ${dir} (once: npm ci and tsc)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = join(dir, 'source.tar');
  run('git', ['archive', '--format=tar', '-o', archive, full], repoRoot);
  run('tar', ['-xf', archive], dir);
  rmSync(archive);
  // No install scripts: the build needs none, and the service runs on plain node.
  run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
  run(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], dir);
  writeFileSync(join(dir, BUILT_MARK), `${full}\n`);
  return dir;
}
