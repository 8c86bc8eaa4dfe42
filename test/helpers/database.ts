import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * One database server per `npm test` run, one database per test file. tap's `before` script
 * (test/setup/before.ts) migrates a template database once: on the server in DATABASE_URL
 * when it is set, else on an embedded PostgreSQL cluster it starts for the run. Each test
 * file then gets its own copy (CREATE DATABASE ... TEMPLATE), in milliseconds; tap's `after`
 * script (test/setup/after.ts) drops the copies, or stops the cluster.
 */

/** Where a run keeps what its test files need to find its embedded cluster. */
export function runStateFile(tapPid: number): string {
  return join(tmpdir(), `tbl-test-${tapPid}.json`);
}

/** The embedded cluster's folder for a run (kept short: its socket path has a length limit). */
export function runDataDir(tapPid: number): string {
  return join(tmpdir(), `tbl-test-${tapPid}`);
}

/**
 * The service built to JavaScript for the run (test/setup/build.ts), next to the cluster's
 * folder rather than in it: that one belongs to the postgres account.
 */
export function runBuildDir(tapPid: number): string {
  return join(tmpdir(), `tbl-test-${tapPid}-js`);
}

export interface RunState {
  /** The embedded cluster's folder. */
  dataDir: string;
  /** A URL of the run's server, for CREATE DATABASE. */
  serverUrl: string;
}

export interface SuiteServer {
  /** Any database on the server, to create and drop others from. */
  adminUrl: string;
  /** Every database this run makes starts with it: the after script drops them by it. */
  prefix: string;
  template: string;
  urlFor(database: string): string;
}

/** The server the tests run on: DATABASE_URL's, or the run's embedded cluster. */
export function suiteServer(): SuiteServer {
  const configured = process.env.DATABASE_URL;
  let adminUrl: string;
  let prefix: string;
  if (configured) {
    adminUrl = configured;
    // Names stay under PostgreSQL's 63 bytes with a suffix.
    prefix = `${decodeURIComponent(new URL(configured).pathname.slice(1)).slice(0, 40)}__`;
  } else {
    // tap starts the before script and every test file from the same process.
    let state: RunState;
    try {
      state = JSON.parse(readFileSync(runStateFile(process.ppid), 'utf8')) as RunState;
    } catch {
      throw new Error(
        'no test database: run the tests through tap (`npm test`, or `npx tap FILE`), whose before script starts the embedded PostgreSQL, or set DATABASE_URL',
      );
    }
    adminUrl = state.serverUrl;
    prefix = 'timebank__';
  }
  return {
    adminUrl,
    prefix,
    template: `${prefix}template`,
    urlFor(database) {
      const url = new URL(adminUrl);
      url.pathname = `/${encodeURIComponent(database)}`;
      return url.href;
    },
  };
}

export async function onServer<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let clones = 0;

/**
 * A new database, a copy of the migrated template: this process's own, nobody else writes
 * to it. The run's after script drops it (or the cluster it lives in).
 */
export async function cloneDatabase(): Promise<string> {
  const server = suiteServer();
  clones += 1;
  const name = `${server.prefix}p${process.pid}_${clones}`;
  await onServer(server.adminUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(server.template)}`);
        return;
      } catch (error) {
        // 55006: another process's copy still holds the template open for a moment.
        if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  });
  return server.urlFor(name);
}

export async function dropDatabase(url: string): Promise<void> {
  const server = suiteServer();
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await onServer(server.adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
}

let fileDatabase: Promise<string> | undefined;

/** This test file's database, made on first use. */
export function testDatabaseUrl(): Promise<string> {
  fileDatabase ??= cloneDatabase();
  return fileDatabase;
}
