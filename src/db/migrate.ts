import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { Database } from './client.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** A fixed advisory-lock key, so that two instances starting together migrate one at a time. */
const MIGRATION_LOCK_KEY = 7_305_001;

/** Applies pending migrations: on PGlite in place, on PostgreSQL over one locked connection. */
export async function migrate(database: Database, databaseUrl: string | undefined): Promise<void> {
  if (database.engine === 'pglite' || !databaseUrl) {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  // The advisory lock belongs to a session, so lock, migrate and unlock on one connection.
  const client = new pg.Client({ connectionString: databaseUrl });
  // A connection lost mid-migration fails the migration's own query; unheard, the client's
  // 'error' event would end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end();
  }
}
