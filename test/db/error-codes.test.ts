/**
 * One registry of the ledger's SQLSTATEs (src/db/error-codes.ts) for the SQL and the
 * TypeScript: every LD code raised in sql/ is in it, each is raised where the registry says
 * (so a code given a second meaning elsewhere shows here), and the translation gives each
 * the API problem and status the registry names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { LEDGER_SQLSTATES, type LedgerSqlstate } from '../../src/db/error-codes.js';
import { readSqlFiles } from '../../src/db/sql-source.js';
import { PROBLEMS, type ProblemCode } from '../../src/http/problems.js';
import { LedgerError } from '../../src/ledger/errors.js';
import { translateDatabaseError } from '../../src/services/db-refusals.js';

const registry: [string, LedgerSqlstate][] = Object.entries(LEDGER_SQLSTATES);
const LD = /'(LD\d{3})'/g;

/** Which functions raise each code: the literals in sql/, comments left out. */
function raisedInSql(): Map<string, Set<string>> {
  const raised = new Map<string, Set<string>>();
  for (const file of readSqlFiles()) {
    const code = file.text
      .split('\n')
      .map((line) => line.replace(/--.*$/, ''))
      .join('\n');
    for (const [, sqlstate] of code.matchAll(LD)) {
      if (!sqlstate) continue;
      raised.set(sqlstate, (raised.get(sqlstate) ?? new Set()).add(file.name));
    }
  }
  return raised;
}

t.test('every LD code in sql/ is in the registry, raised where it says, for one meaning', async (t) => {
  const raised = raisedInSql();
  t.ok(raised.size >= 10, `sql/ raises the ledger's codes (${[...raised.keys()].sort().join(', ')})`);
  for (const [code, by] of raised) {
    const entry = registry.find(([c]) => c === code)?.[1];
    if (!entry) {
      t.fail(`${code} is raised by ${[...by].join(', ')} but is not in src/db/error-codes.ts`);
      continue;
    }
    t.notOk(entry.retired, `${code} is not a retired code`);
    t.same([...by].sort(), [...entry.raisedBy].sort(), `${code} (${entry.meaning}) is raised by exactly ${entry.raisedBy.join(', ')}`);
  }
  for (const [code, entry] of registry) {
    if (entry.retired) t.notOk(raised.has(code), `${code} is retired and raised nowhere`);
    else t.ok(raised.has(code), `${code} is raised somewhere in sql/`);
  }
  const meanings = registry.map(([, e]) => e.meaning);
  t.equal(new Set(meanings).size, meanings.length, 'no two codes share a meaning');
});

t.test('no LD code is spelled out in the TypeScript but in the registry and its translation', async (t) => {
  const mentions: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts') && /\bLD\d{3}\b/.test(readFileSync(path, 'utf8'))) mentions.push(path);
    }
  };
  walk('src');
  t.same(mentions.sort(), ['src/db/error-codes.ts', 'src/services/db-refusals.ts']);
});

t.test('each code becomes the problem and status the registry names', async (t) => {
  for (const [code, entry] of registry) {
    if (entry.problem === 'internal') {
      t.equal(entry.status, 500, `${code}: internal is a 500`);
    } else if (!Object.hasOwn(PROBLEMS, entry.problem)) {
      t.fail(`${code}: ${entry.problem} is not an API problem code`);
    } else {
      t.equal(entry.status, PROBLEMS[entry.problem as ProblemCode].status, `${code}: ${entry.problem} is a ${PROBLEMS[entry.problem as ProblemCode].status}`);
    }
    const raised = Object.assign(new Error(`raised ${code}`), { code, detail: '1' });
    let thrown: unknown;
    try {
      translateDatabaseError(raised, [{ kinds: ['member'], field: 'accountId' }]);
    } catch (error) {
      thrown = error;
    }
    if (entry.problem === 'internal' || entry.retired) {
      t.equal(thrown, raised, `${code} is not a client's error: thrown as it is (a 500)`);
    } else {
      t.ok(thrown instanceof LedgerError && thrown.code === entry.problem, `${code} is refused as ${entry.problem}`);
    }
  }
});
