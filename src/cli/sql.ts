import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbedded } from '../db/embedded.js';
import { MIGRATIONS_FOLDER, migrate } from '../db/migrate.js';
import { compareWithFiles, describeDrift, migrationFor } from '../db/sql-source.js';

/**
 * `npm run db:sql [-- --name=why]`: writes a new drizzle-kit custom migration that makes
 * sql/ live. It migrates a scratch database (on DATABASE_URL's server, else a throwaway
 * embedded cluster), compares it with the files and writes the steps that differ. It never
 * touches a migration that exists.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const nameArg = process.argv.slice(2).find((a) => a.startsWith('--name='));
const name = nameArg ? nameArg.slice('--name='.length) : 'sql';
if (!/^[a-z0-9_]{1,40}$/.test(name)) throw new Error('--name takes lower-case letters, digits and _ (at most 40)');

const scratch = await scratchDatabase();
let steps: string[];
try {
  await migrate(scratch.url);
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  try {
    const drift = await compareWithFiles(client);
    if (drift.misnamed.length > 0) throw new Error(describeDrift(drift).join('\n'));
    for (const line of describeDrift(drift)) process.stdout.write(`${line}\n`);
    steps = migrationFor(drift);
  } finally {
    await client.end();
  }
} finally {
  await scratch.drop();
}

if (steps.length === 0) {
  process.stdout.write('sql/ is what the migrations make: no migration written\n');
} else {
  execFileSync(join(ROOT, 'node_modules/.bin/drizzle-kit'), ['generate', '--custom', `--name=${name}`], { cwd: ROOT, stdio: 'ignore' });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const tag = journal.entries.at(-1)?.tag;
  if (!tag?.endsWith(`_${name}`)) throw new Error(`drizzle-kit did not add the migration ${name}`);
  const file = join(MIGRATIONS_FOLDER, `${tag}.sql`);
  const header = '-- Written by `npm run db:sql` from sql/ (the live definitions): edit those files, never this one.\n';
  writeFileSync(file, `${header}${steps.join('\n--> statement-breakpoint\n')}\n`);
  process.stdout.write(`wrote migrations/${tag}.sql (${steps.length} steps)\n`);
}

/** A database to migrate from nothing, and how to throw it away. */
async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const configured = process.env.DATABASE_URL;
  if (!configured) {
    const dataDir = mkdtempSync(join(tmpdir(), 'tbl-sql-'));
    const cluster = await startEmbedded(dataDir, { purpose: 'service', durable: false });
    return {
      url: cluster.url(),
      drop: async () => {
        await cluster.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const database = `tbl_sql_${process.pid}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: configured });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(configured);
  url.pathname = `/${database}`;
  return { url: url.href, drop: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`) };
}
