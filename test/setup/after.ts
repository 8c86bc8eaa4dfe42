import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stopEmbedded } from '../../src/db/embedded.js';
import { onServer, runBuildDir, runDataDir, runStateFile, type SuiteServer, suiteServer } from '../helpers/database.js';
import { timingsFile, timingsTable } from './timing.js';

/** Drops every database of this run (the template and each test file's copy). */
export async function dropRunDatabases(server: SuiteServer): Promise<void> {
  await onServer(server.adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [server.prefix]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
  });
}

/** tap's `after` script (.taprc): the run's databases and build go, and its embedded cluster stops. */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const tapPid = process.ppid;
  rmSync(runBuildDir(tapPid), { recursive: true, force: true });
  if (process.env.TEST_TIMINGS === '1') {
    process.stderr.write(timingsTable(tapPid) ?? '# TEST_TIMINGS: no process noted its cost\n');
    rmSync(timingsFile(tapPid), { force: true });
    process.env.TEST_TIMINGS = '0';
  }
  if (process.env.DATABASE_URL) {
    await dropRunDatabases(suiteServer());
  } else {
    await stopEmbedded(runDataDir(tapPid));
    rmSync(runDataDir(tapPid), { recursive: true, force: true });
    rmSync(runStateFile(tapPid), { force: true });
  }
}
