import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded, stopEmbedded } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { onServer, type RunState, runBuildDir, runDataDir, runStateFile, suiteServer } from '../helpers/database.js';
import { dropRunDatabases } from './after.js';
import { buildService } from './build.js';

/**
 * tap's `before` script (.taprc): the run's database server and its migrated template.
 * Without DATABASE_URL, an embedded PostgreSQL cluster in a temp folder, without fsync
 * (thrown away after the run); it outlives this script, and test/setup/after.ts stops it.
 * Also the service built to JavaScript, for the tests that start it as a process.
 */
const tapPid = process.ppid;
const started = performance.now();

await stopAbandonedRuns();
const built = buildService(runBuildDir(tapPid));
if (!process.env.DATABASE_URL) {
  const dataDir = runDataDir(tapPid);
  rmSync(dataDir, { recursive: true, force: true });
  const cluster = await startEmbedded(dataDir, { purpose: 'service', durable: false });
  const state: RunState = { dataDir, serverUrl: cluster.url('postgres') };
  writeFileSync(runStateFile(tapPid), JSON.stringify(state), { mode: 0o600 });
}

const server = suiteServer();
await dropRunDatabases(server);
await onServer(server.adminUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(server.template)}`));
await migrate(server.urlFor(server.template));
await built;
process.stderr.write(
  `# test databases: copies of ${server.template} on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'an embedded PostgreSQL'} (set up in ${Math.round(performance.now() - started)} ms)\n`,
);

/** Clusters, builds and timings of runs whose tap process is gone (interrupted): stopped and removed. */
async function stopAbandonedRuns(): Promise<void> {
  for (const entry of readdirSync(tmpdir())) {
    const m = /^tbl-test-(\d+)(-js|-timings\.jsonl)?$/.exec(entry);
    if (!m) continue;
    const pid = Number(m[1]);
    try {
      process.kill(pid, 0);
      continue;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPERM') continue;
    }
    const dir = join(tmpdir(), entry);
    if (existsSync(join(dir, 'pg'))) await stopEmbedded(dir).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    rmSync(runStateFile(pid), { force: true });
  }
}
