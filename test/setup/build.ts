import { mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../helpers/server.js';

/**
 * The service as JavaScript, for the tests that run it as a process of its own (the server,
 * `npm run keys`): built once per run by the before script, so that each of those processes
 * starts as `npm start` starts dist/server.js, without tsx's loader. Under tsx, a start
 * costs about a second of CPU more than plain node, and a run starts about fifteen.
 *
 * esbuild only strips the types (no bundling, no type check: `npm run typecheck` does that).
 * The tree mirrors the project's, so that paths the code takes from import.meta.url
 * (migrations/, openapi/) and the packages in node_modules resolve as they do from src/.
 */
export async function buildService(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: sourceFiles(join(ROOT, 'src')),
    outbase: ROOT,
    outdir: outDir,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  for (const name of ['node_modules', 'migrations', 'openapi', 'package.json']) symlinkSync(join(ROOT, name), join(outDir, name));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
