/**
 * sql/ is the live SQL: every function and trigger of a migrated database has its file, every
 * file its object, and each defines exactly what the database has (src/db/sql-source.ts).
 * A file edited without a migration (`npm run db:sql`) fails here.
 */
import pg from 'pg';
import t from 'tap';
import { compareWithFiles, describeDrift, migrationFor, readSqlFiles } from '../../src/db/sql-source.js';
import { testDatabaseUrl } from '../helpers/database.js';

const db = new pg.Client({ connectionString: await testDatabaseUrl() });
await db.connect();
t.teardown(() => db.end());

const files = readSqlFiles();

t.test('the migrated database is what sql/ says, object for object', async (t) => {
  t.ok(files.some((f) => f.kind === 'function') && files.some((f) => f.kind === 'trigger'), 'sql/ has functions and triggers');
  const drift = await compareWithFiles(db, files);
  t.same(describeDrift(drift), [], 'no function or trigger differs, none is missing from either side');
  t.same(migrationFor(drift), [], 'npm run db:sql has nothing to write');
});

t.test('a difference of any kind is seen', async (t) => {
  const post = files.find((f) => f.path === 'functions/ledger_post.sql');
  const guard = files.find((f) => f.path === 'triggers/journal_append_only.sql');
  if (!post || !guard) throw new Error('sql/functions/ledger_post.sql and sql/triggers/journal_append_only.sql are expected');

  // One character in a function's body.
  const edited = files.map((f) => (f === post ? { ...f, text: f.text.replace('BEGIN', 'BEGIN ') } : f));
  const drift = await compareWithFiles(db, edited);
  t.same(describeDrift(drift), ['sql/functions/ledger_post.sql differs from the migrated function (run npm run db:sql)']);
  const steps = migrationFor(drift);
  t.match(steps[0], /^DROP FUNCTION ledger_post\(/, 'the migration drops the old definition first (its arguments may change)');
  t.match(steps.at(-1), /^-- sql\/functions\/ledger_post\.sql\n/, 'then applies the file');

  // A trigger that no longer fires ALWAYS (then a replica session could rewrite the journal).
  const relaxed = files.map((f) => (f === guard ? { ...f, text: f.text.replace(/\nALTER TABLE .*ENABLE ALWAYS.*\n/, '\n') } : f));
  t.same(describeDrift(await compareWithFiles(db, relaxed)), [
    'sql/triggers/journal_append_only.sql differs from the migrated trigger (run npm run db:sql)',
  ]);

  // A file removed, and a file for something the database does not have.
  const extra = { kind: 'function' as const, name: 'ledger_extra', path: 'functions/ledger_extra.sql', text: 'CREATE FUNCTION ledger_extra() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;' };
  const changed = [...files.filter((f) => f !== guard), extra];
  t.same(describeDrift(await compareWithFiles(db, changed)), [
    'trigger journal_append_only is in the database but has no file sql/triggers/journal_append_only.sql',
    'sql/functions/ledger_extra.sql is not in the migrated database (run npm run db:sql)',
  ]);

  // A file that defines something else than its name says.
  const misnamed = files.map((f) => (f === post ? { ...f, name: 'ledger_posting', path: 'functions/ledger_posting.sql' } : f));
  t.ok(
    describeDrift(await compareWithFiles(db, misnamed)).includes(
      'sql/functions/ledger_posting.sql must define its function ledger_posting alone; it defines: function ledger_post',
    ),
    'a file is named after what it defines',
  );

  t.same(describeDrift(await compareWithFiles(db, files)), [], 'and every comparison left the database as it was');
});
