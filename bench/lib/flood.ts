import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { FloodResult, FloodSpec } from './flood-worker.js';

export type { FloodResult };

/**
 * Starts the flood of made-up keys (flood-worker.ts) in a child process; `done` settles with
 * its answers by status when it ends, after `durationS` or `stop()`.
 */
export function startFlood(repoRoot: string, spec: FloodSpec): { done: Promise<FloodResult>; stop: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'lib', 'flood-worker.ts'), JSON.stringify(spec)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const done = new Promise<FloodResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as FloodResult);
      } catch {
        reject(new Error(`the flood process exited with ${code} without a result: ${err.slice(-500)}`));
      }
    });
  });
  return { done, stop: () => child.kill('SIGTERM') };
}
