import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/postgres.js';
import { databaseTarget } from '../db/connect.js';
import { EmbeddedError } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { systemClock } from '../ledger/clock.js';
import { ROLES, type Role, SYSTEM_ACTOR } from '../ledger/types.js';
import { refusalOf } from '../services/errors.js';
import { createServices } from '../services/index.js';
import { resolveServerSecret } from '../services/keys.js';

const USAGE = `usage:
  npm run keys -- create --role admin|issuer|cashier|auditor --name NAME [--merchant ACCOUNT_ID ...] [--expires RFC3339]
  npm run keys -- list
  npm run keys -- revoke KEY_ID`;

/** `npm run keys`: manage API keys from the command line, against the configured database. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      merchant: { type: 'string', multiple: true },
      expires: { type: 'string' },
    },
  });
  const [command, argument] = positionals;
  const config = loadConfig();
  // Through a running service's cluster when there is one; else its own, for this command.
  const target = await databaseTarget(config, 'command');
  const database = await openDatabase({ databaseUrl: target.url, engine: target.engine, poolMax: 1 });
  try {
    await migrate(target.url);
    const { keys } = createServices(database, {
      clock: systemClock,
      serverSecret: resolveServerSecret(config.apiKeySecret, config.dataDir),
      lockWaitMs: config.dbLockTimeoutMs,
      postingsPerAccountMax: 1,
      holdTtlMaxCashierMs: config.holdTtlMaxCashierMinutes * 60_000,
      backdateWindowMs: config.backdateWindowDays * 24 * 60 * 60 * 1000,
      displayTimeZone: config.displayTimeZone,
    });
    if (command === 'create') {
      if (!values.role || !(ROLES as readonly string[]).includes(values.role) || !values.name) {
        process.stderr.write(`${USAGE}\n`);
        return 2;
      }
      const input = {
        name: values.name as string,
        role: values.role as Role,
        merchantAccountIds: values.merchant,
        expiresAt: values.expires ? new Date(values.expires) : undefined,
      };
      const { body: created } = await keys.create(input, SYSTEM_ACTOR, { statusCode: 201, present: (key) => key });
      // The secret goes to stdout only, for the operator to capture; it is stored hashed.
      process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      return 0;
    }
    if (command === 'list') {
      const page = await keys.list({ limit: 200 }, SYSTEM_ACTOR);
      process.stdout.write(`${JSON.stringify(page.data, null, 2)}\n`);
      return 0;
    }
    if (command === 'revoke' && argument) {
      await keys.revoke(argument, SYSTEM_ACTOR);
      process.stdout.write(`revoked ${argument}\n`);
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal) {
      process.stderr.write(`${refusal.code}: ${refusal.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
    await target.release();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  // The data folder is owned by another command, say: a message, not a stack.
  if (!(error instanceof EmbeddedError)) throw error;
  process.stderr.write(`${error.message}\n`);
  return 1;
});
