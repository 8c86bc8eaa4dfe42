import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { runBuildDir } from './database.js';

export interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** The project's folder: the working directory of the processes the tests start. */
export const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * The node arguments that run one of the service's entry points ('src/server.ts',
 * 'src/cli/keys.ts') as `npm start` runs dist/server.js: plain JavaScript, built for this
 * run by the before script (test/setup/build.ts), from the project's folder. (tap still
 * puts its process-info loader into every child's NODE_OPTIONS, whatever the environment
 * given: that part of a start's cost stays.)
 */
export function serviceArgs(entry: string): string[] {
  // tap starts the before script and every test file from the same process.
  return ['--enable-source-maps', join(runBuildDir(process.ppid), entry.replace(/\.ts$/, '.js'))];
}

/**
 * The real service in a process of its own (src/server.ts, built), resolved once it logs
 * where it listens; rejected if it exits first or is silent for 90 s. Its environment is
 * the caller's to give whole.
 */
export function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, serviceArgs('src/server.ts'), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 90_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => out, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`the server exited with ${code} before listening:\n${out}`)));
  });
}
