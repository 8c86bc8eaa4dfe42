import { loadConfig } from '../config.js';
import { databaseTarget } from '../db/connect.js';
import { migrate } from '../db/migrate.js';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded cluster. */
const config = loadConfig();
const target = await databaseTarget(config, 'command');
try {
  await migrate(target.url);
  process.stdout.write(`migrations applied (${target.engine})\n`);
} finally {
  await target.release();
}
