import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as migrateDrizzle } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** A fixed advisory-lock key, so that two instances starting together migrate one at a time. */
const MIGRATION_LOCK_KEY = 7_305_001;

/** Applies pending migrations over one connection that holds the migration lock. */
export async function migrate(databaseUrl: string): Promise<void> {
  // The advisory lock belongs to a session, so lock, migrate and unlock on one connection.
  const client = new pg.Client({ connectionString: databaseUrl });
  // A connection lost mid-migration fails the migration's own query; unheard, the client's
  // 'error' event would end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrateDrizzle(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end();
  }
}
