import { readFileSync } from 'node:fs';
import t from 'tap';
import { generateOpenApi, OPENAPI_PATH } from '../src/cli/openapi.js';
import { buildTestApp, client } from './helpers/app.js';
import { testDatabaseUrl } from './helpers/database.js';

/** The parts of an OpenAPI 3.1 document this test reads. */
interface Response {
  $ref?: string;
  content?: Record<string, { schema?: { $ref?: string } }>;
}
interface Operation {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, Response>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, Response> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const PROBLEM_REF = '#/components/schemas/Problem';

/**
 * Operations that take no input at all, so no request of a client can be refused: the
 * only failure left is an internal error, which is not documented per operation.
 */
const CANNOT_BE_REFUSED = new Set(['liveness', 'listCategories']);

function operations(doc: Document): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

const committedText = readFileSync(OPENAPI_PATH, 'utf8');
const committed = JSON.parse(committedText) as Document;

t.test('the committed document is what the code generates', async (t) => {
  // On this file's database: a throwaway embedded cluster (initdb, start, migrate, stop)
  // would cost more than the rest of the file, and DATABASE_URL's is the run's, not ours.
  const generated = await generateOpenApi(await testDatabaseUrl());
  t.equal(generated, committedText, 'openapi/openapi.json is stale: run `npm run openapi` and commit the result');
});

t.test('the document is OpenAPI 3.1.0 with named components', async (t) => {
  t.equal(committed.openapi, '3.1.0');
  const schemas = committed.components?.schemas ?? {};
  // One component per schema, for requests and answers alike (src/http/documentation.ts).
  for (const name of ['Account', 'Transaction', 'Problem', 'ProblemCode', 'Amount', 'CreateAccount']) {
    t.ok(name in schemas, `components.schemas has ${name}`);
  }
  t.same(
    Object.keys(schemas).filter((name) => name.endsWith('Input')),
    [],
    'no request-side twins (AmountInput, AccountInput)',
  );
  const ops = operations(committed);
  const getAccount = ops.find((o) => o.op.operationId === 'getAccount');
  t.equal(getAccount?.op.responses?.['200']?.content?.['application/json']?.schema?.$ref, '#/components/schemas/Account', 'getAccount answers a named Account');
  const earning = ops.find((o) => o.op.operationId === 'createEarning');
  t.equal(earning?.op.responses?.['201']?.content?.['application/json']?.schema?.$ref, '#/components/schemas/Transaction', 'createEarning answers a named Transaction');
});

t.test('every operation is named and documents its problems', async (t) => {
  const ops = operations(committed);
  t.ok(ops.length > 0, 'the document has operations');
  const ids = new Set<string>();
  const notProblemJson: string[] = [];
  for (const { method, path, op } of ops) {
    const where = `${method} ${path}`;
    t.match(op.operationId, /^[a-z][A-Za-z0-9]*$/, `${where} has an operationId`);
    if (op.operationId) {
      t.notOk(ids.has(op.operationId), `${where}: operationId ${op.operationId} is unique`);
      ids.add(op.operationId);
    }
    const failures = Object.entries(op.responses ?? {}).filter(([status]) => /^[45]/.test(status));
    if (!CANNOT_BE_REFUSED.has(op.operationId ?? '')) {
      t.ok(failures.length > 0, `${where} documents a 4xx or 5xx answer`);
    }
    if ((op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined) {
      t.ok(failures.some(([status]) => status.startsWith('4')), `${where} takes input, so documents a 4xx answer`);
    }
    for (const [status, answer] of failures) {
      // Problem answers are shared components (UnavailableOrBusy): read the one referred to.
      const response = answer.$ref ? (committed.components?.responses?.[answer.$ref.replace('#/components/responses/', '')] ?? {}) : answer;
      const refs = Object.values(response.content ?? {}).map((c) => c.schema?.$ref);
      t.ok(refs.length > 0 && refs.every((ref) => ref === PROBLEM_REF), `${where} ${status} answers a Problem`);
      if (!('application/problem+json' in (response.content ?? {}))) notProblemJson.push(`${where} ${status}`);
    }
  }
  t.same(notProblemJson, [], 'every problem answer is documented as application/problem+json');
});

t.test('the running app serves the document and the reference page', async (t) => {
  const app = await buildTestApp();
  t.teardown(() => app.close());
  const c = client(app);

  const doc = await c.get('/openapi.json');
  t.equal(doc.statusCode, 200, 'GET /openapi.json answers 200');
  t.match(doc.headers['content-type'], /^application\/json/);
  t.same(doc.json(), committed, 'GET /openapi.json serves openapi/openapi.json');

  let url = '/docs';
  let res = await c.get(url);
  for (let hops = 0; hops < 5 && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location; hops++) {
    url = new URL(String(res.headers.location), `http://localhost${url}`).pathname;
    res = await c.get(url);
  }
  t.equal(res.statusCode, 200, `GET /docs answers 200 (at ${url})`);
  t.match(res.headers['content-type'], /^text\/html/, 'GET /docs answers HTML');
  t.match(res.body, /<html/i);
});
