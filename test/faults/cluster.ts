/**
 * The bank test's hands on the embedded PostgreSQL under a service: SQL as the superuser
 * through the cluster's socket, and pg_ctl run as the account that owns the cluster.
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { binaries, EMBEDDED_DATABASE, embeddedPaths, socketUrl } from '../../src/db/embedded.js';

const exec = promisify(execFile);

export interface Cluster {
  /** A superuser connection to the service's database; the caller ends it. */
  client(): Promise<pg.Client>;
  /** Terminates every backend the service holds (its pool, its listeners). */
  terminateServiceBackends(): Promise<void>;
  /** Holds FOR UPDATE on every balance row of an account for `ms`, from another session. */
  holdRowLock(accountId: string, ms: number): Promise<void>;
  /** pg_ctl restart -m immediate: a crash and a recovery of the database server. */
  restartImmediate(): Promise<void>;
  close(): Promise<void>;
}


export function cluster(dataDir: string): Cluster {
  const paths = embeddedPaths(dataDir);
  const url = socketUrl(paths.clusterDir, EMBEDDED_DATABASE);
  const connect = async () => {
    const client = new pg.Client({ connectionString: url, application_name: 'bank-test' });
    // A fault the test injects also reaches its own sessions; that must not end the test.
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  // pg_ctl refuses to run as root; it runs as the cluster folder's owner.
  const owner = statSync(paths.clusterDir);
  const asOwner = process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {};
  return {
    client: connect,
    async terminateServiceBackends() {
      const sql = await connect();
      try {
        await sql.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'bank-test'
              AND backend_type = 'client backend'`,
        );
      } finally {
        await sql.end();
      }
    },
    async holdRowLock(accountId, ms) {
      const sql = await connect();
      try {
        await sql.query('BEGIN');
        await sql.query('SELECT * FROM account_balances WHERE account_id = $1 FOR UPDATE', [accountId]);
        await sql.query('SELECT pg_sleep($1::float8 / 1000)', [ms]);
        await sql.query('COMMIT');
      } finally {
        await sql.end().catch(() => undefined);
      }
    },
    async restartImmediate() {
      await exec((await binaries()).pg_ctl, ['restart', '-D', paths.clusterDir, '-m', 'immediate', '-w', '-t', '60', '-s', '-l', join(paths.clusterDir, 'startup.log')], asOwner);
    },
    async close() {},
  };
}
