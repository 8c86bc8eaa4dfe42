import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/**
 * sql/ holds the live definition of every function and trigger the database has, one file
 * each (sql/functions/NAME.sql, sql/triggers/NAME.sql). Migrations are generated from these
 * files (`npm run db:sql`, src/cli/sql.ts), and a test compares a migrated database with
 * them (test/db/sql-source.test.ts): both ask the database itself what a file defines, by
 * applying the files in a transaction that is rolled back and reading the catalog
 * (pg_get_functiondef, pg_get_triggerdef), so that no SQL is parsed here.
 */
export const SQL_FOLDER = fileURLToPath(new URL('../../sql', import.meta.url));

export type SqlObjectKind = 'function' | 'trigger';

export interface SqlFile {
  kind: SqlObjectKind;
  /** The function's or the trigger's name: the file's name without .sql. */
  name: string;
  /** Relative to sql/, e.g. functions/ledger_post.sql. */
  path: string;
  text: string;
}

const FOLDERS: Record<SqlObjectKind, string> = { function: 'functions', trigger: 'triggers' };

/** Every file, functions first (a trigger needs its function), each kind by name. */
export function readSqlFiles(folder: string = SQL_FOLDER): SqlFile[] {
  return (['function', 'trigger'] as const).flatMap((kind) =>
    readdirSync(join(folder, FOLDERS[kind]))
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => {
        const path = `${FOLDERS[kind]}/${f}`;
        return { kind, name: f.slice(0, -'.sql'.length), path, text: readFileSync(join(folder, path), 'utf8') };
      }),
  );
}

/** A function or a trigger as the catalog describes it. */
export interface LiveObject {
  kind: SqlObjectKind;
  name: string;
  /** Functions: the signature of each overload (normally one); triggers: the table. */
  identities: string[];
  /** Functions: pg_get_functiondef of each overload; triggers: pg_get_triggerdef and when it fires. */
  definition: string;
  /** A trigger function: its dependants keep it, so it is replaced, never dropped. */
  returnsTrigger: boolean;
}

/** The ledger's own functions and triggers (schema public), by kind and name. */
export async function liveObjects(client: pg.ClientBase): Promise<Map<string, LiveObject>> {
  const found = new Map<string, LiveObject>();
  const functions = await client.query<{ name: string; identity: string; definition: string; returns_trigger: boolean }>(
    `SELECT p.proname AS name, p.oid::regprocedure::text AS identity, pg_get_functiondef(p.oid) AS definition,
            p.prorettype = 'trigger'::regtype AS returns_trigger
       FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY identity`,
  );
  for (const f of functions.rows) {
    const known = found.get(`function ${f.name}`);
    if (known) {
      known.identities.push(f.identity);
      known.definition += `\n${f.definition}`;
    } else {
      found.set(`function ${f.name}`, {
        kind: 'function',
        name: f.name,
        identities: [f.identity],
        definition: f.definition,
        returnsTrigger: f.returns_trigger,
      });
    }
  }
  const triggers = await client.query<{ name: string; table: string; definition: string; enabled: string }>(
    `SELECT t.tgname AS name, c.relname AS table, pg_get_triggerdef(t.oid) AS definition, t.tgenabled AS enabled
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace ORDER BY t.tgname`,
  );
  for (const t of triggers.rows) {
    // Two triggers of one name on two tables would need two files of one name: refused.
    if (found.has(`trigger ${t.name}`)) throw new Error(`two triggers are named ${t.name}: name them apart`);
    found.set(`trigger ${t.name}`, {
      kind: 'trigger',
      name: t.name,
      identities: [t.table],
      // 'A' is ENABLE ALWAYS: the guard fires even with session_replication_role = replica.
      definition: `${t.definition} (enabled: ${t.enabled})`,
      returnsTrigger: false,
    });
  }
  return found;
}

export interface SqlDrift {
  /** In the database, with no file under sql/. */
  missingFiles: LiveObject[];
  /** Files whose object the database does not have. */
  missingObjects: SqlFile[];
  /** Files whose object the database defines otherwise: [as migrated, as the file says]. */
  differing: { file: SqlFile; live: LiveObject; wanted: LiveObject }[];
  /** Files that are not what their name says (a file defines its own function or trigger only). */
  misnamed: { file: SqlFile; defines: string[] }[];
}

/**
 * Compares a migrated database with the files: in one transaction, rolled back, every
 * function and trigger is dropped and the files applied in their stead, one at a time, so
 * the catalog shows what each file defines; both states are then read and compared.
 */
export async function compareWithFiles(client: pg.ClientBase, files: SqlFile[] = readSqlFiles()): Promise<SqlDrift> {
  const live = await liveObjects(client);
  const fromFiles = new Map<string, LiveObject>();
  const misnamed: SqlDrift['misnamed'] = [];
  await client.query('BEGIN');
  try {
    for (const t of [...live.values()].filter((o) => o.kind === 'trigger')) {
      await client.query(`DROP TRIGGER ${t.name} ON ${t.identities[0]}`);
    }
    for (const f of [...live.values()].filter((o) => o.kind === 'function')) {
      for (const identity of f.identities) await client.query(`DROP FUNCTION ${identity}`);
    }
    for (const file of files) {
      try {
        await client.query(file.text);
      } catch (error) {
        throw new Error(`sql/${file.path} does not apply: ${(error as Error).message}`, { cause: error });
      }
      const now = await liveObjects(client);
      const added = [...now.entries()].filter(([key]) => !fromFiles.has(key));
      if (added.length !== 1 || added[0]?.[0] !== `${file.kind} ${file.name}`) {
        misnamed.push({ file, defines: added.map(([key]) => key) });
      }
      for (const [key, object] of added) fromFiles.set(key, object);
    }
  } finally {
    await client.query('ROLLBACK');
  }
  const byKey = new Map(files.map((f) => [`${f.kind} ${f.name}`, f]));
  return {
    missingFiles: [...live.entries()].filter(([key]) => !byKey.has(key)).map(([, o]) => o),
    missingObjects: files.filter((f) => !live.has(`${f.kind} ${f.name}`)),
    differing: files.flatMap((file) => {
      const key = `${file.kind} ${file.name}`;
      const was = live.get(key);
      const wanted = fromFiles.get(key);
      return was && wanted && was.definition !== wanted.definition ? [{ file, live: was, wanted }] : [];
    }),
    misnamed,
  };
}

/** What the drift means in words, one line each, for a test's failure or the command's output. */
export function describeDrift(drift: SqlDrift): string[] {
  return [
    ...drift.missingFiles.map((o) => `${o.kind} ${o.name} is in the database but has no file sql/${FOLDERS[o.kind]}/${o.name}.sql`),
    ...drift.missingObjects.map((f) => `sql/${f.path} is not in the migrated database (run npm run db:sql)`),
    ...drift.differing.map((d) => `sql/${d.file.path} differs from the migrated ${d.file.kind} (run npm run db:sql)`),
    ...drift.misnamed.map((m) => `sql/${m.file.path} must define its ${m.file.kind} ${m.file.name} alone; it defines: ${m.defines.join(', ') || 'nothing'}`),
  ];
}

/**
 * The migration that makes the files live: drops what no file defines any more, and applies
 * every file whose definition differs from the database's. A changed function that is not a
 * trigger's is dropped first, so that its arguments, their names or its result may change.
 * One statement-breakpoint per step, as drizzle-kit's migrator wants.
 */
export function migrationFor(drift: SqlDrift): string[] {
  const steps: string[] = [];
  for (const o of drift.missingFiles.filter((x) => x.kind === 'trigger')) steps.push(`DROP TRIGGER ${o.name} ON ${o.identities[0]};`);
  const dropped = [
    ...drift.missingFiles.filter((x) => x.kind === 'function'),
    ...drift.differing.filter((d) => d.file.kind === 'function' && !d.live.returnsTrigger).map((d) => d.live),
  ];
  for (const o of dropped) for (const identity of o.identities) steps.push(`DROP FUNCTION ${identity};`);
  const order = (f: SqlFile) => (f.kind === 'function' ? 0 : 1);
  const applied = [...drift.differing.map((d) => d.file), ...drift.missingObjects].sort(
    (a, b) => order(a) - order(b) || a.name.localeCompare(b.name),
  );
  for (const file of applied) steps.push(`-- sql/${file.path}\n${file.text.trimEnd()}`);
  return steps;
}
