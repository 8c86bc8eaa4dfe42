import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded store. */
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: 1 });
try {
  await migrate(database, config.databaseUrl);
  process.stdout.write(`migrations applied (${database.engine})\n`);
} finally {
  await database.close();
}
