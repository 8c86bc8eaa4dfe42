/**
 * What a client generator reads in openapi/openapi.json, held to what the service does:
 * every problem code the code can answer is in the ProblemCode enum, every operation lists
 * its codes, every example validates against its schema, and the conventions of
 * src/http/documentation.ts hold on every operation. Reads the committed document (the
 * stale check is test/openapi.test.ts's), so it needs no database.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import t from 'tap';
import { OPENAPI_PATH } from '../src/cli/openapi.js';
import { LEDGER_SQLSTATES } from '../src/db/error-codes.js';
import { PROBLEM_CODES, PROBLEMS } from '../src/http/problems.js';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, Json>;
  'x-problem-codes'?: string[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json>; examples: Record<string, { value: unknown }>; headers: Record<string, Json> };
}

const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Document;
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.has(method))
    .map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, method, path, op })),
);
const responseOf = (answer: Json): Json =>
  typeof answer.$ref === 'string' ? (doc.components.responses[answer.$ref.replace('#/components/responses/', '')] ?? {}) : answer;

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

t.test('every problem code the service can answer is in the ProblemCode enum', async (t) => {
  const enumCodes = (doc.components.schemas.ProblemCode?.enum ?? []) as string[];
  t.same(enumCodes, PROBLEM_CODES, 'the enum is the registry (src/http/problems.ts), in its order');
  // Every way src/ names a code it answers with: the domain's and the application's refusals,
  // the problems the HTTP layer writes itself, and the SQLSTATE registry's.
  const named = new Map<string, string>();
  const spelled = /\b(?:LedgerError|ServiceError|problem)\(\s*'([a-z_]+)'/g;
  for (const file of sources(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(spelled)) named.set(m[1]!, file.slice(SRC.length));
  }
  for (const { problem } of Object.values(LEDGER_SQLSTATES)) named.set(problem, 'db/error-codes.ts');
  t.ok(named.size >= 15, `src/ names ${named.size} codes`);
  for (const [code, file] of named) t.ok(enumCodes.includes(code), `${code} (${file}) is in the enum`);
  for (const code of PROBLEM_CODES) t.equal(PROBLEMS[code].status >= 400 && PROBLEMS[code].status <= 599, true, `${code} has a 4xx or 5xx status`);

  const declared = new Set(operations.flatMap(({ op }) => op['x-problem-codes'] ?? []));
  t.same(
    PROBLEM_CODES.filter((code) => !declared.has(code)),
    [],
    'every code of the enum is answered by some operation',
  );
});

t.test('every operation lists its problem codes, one answer per status, with an example each', async (t) => {
  for (const { where, method, path, op } of operations) {
    const codes = op['x-problem-codes'] ?? [];
    t.ok(codes.length > 0, `${where} has x-problem-codes`);
    const statuses = [...new Set(codes.map((code) => String(PROBLEMS[code as keyof typeof PROBLEMS]?.status)))].sort();
    const documented = Object.keys(op.responses).filter((status) => /^[45]/.test(status)).sort();
    t.same(documented, statuses, `${where}: its 4xx/5xx answers are exactly its codes' statuses`);
    for (const status of documented) {
      const response = responseOf(op.responses[status]!);
      const own = codes.filter((code) => String(PROBLEMS[code as keyof typeof PROBLEMS].status) === status);
      t.same(response['x-problem-codes'], own, `${where} ${status}: the answer names its codes`);
      const media = (response.content as Record<string, Json>)['application/problem+json'];
      t.same(Object.keys((media?.examples ?? {}) as Json), own, `${where} ${status}: an example per code`);
    }
    for (const code of ['internal', 'headers_too_large', 'request_timeout']) t.ok(codes.includes(code), `${where} answers ${code}`);
    if (path.startsWith('/v1')) {
      for (const code of ['unauthorized', 'forbidden', 'rate_limited', 'unavailable', 'busy']) t.ok(codes.includes(code), `${where} answers ${code}`);
    }
    if (method !== 'get' && method !== 'delete') {
      for (const code of ['validation_failed', 'payload_too_large', 'unsupported_media_type']) t.ok(codes.includes(code), `${where} answers ${code}`);
    }
  }
});

t.test('response headers are declared where they are sent', async (t) => {
  for (const { where, op } of operations) {
    const idempotent = (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'idempotency-key');
    for (const [status, answer] of Object.entries(op.responses)) {
      const headers = Object.keys((responseOf(answer).headers ?? {}) as Json);
      t.ok(headers.includes('X-Request-Id'), `${where} ${status}: X-Request-Id`);
      if (status === '429' || status === '503') t.ok(headers.includes('Retry-After'), `${where} ${status}: Retry-After`);
      if (status.startsWith('2') && idempotent) t.ok(headers.includes('Idempotency-Replayed'), `${where} ${status}: Idempotency-Replayed`);
    }
  }
  for (const operationId of ['getStatementCsv', 'exportJournal']) {
    const found = operations.find(({ op }) => op.operationId === operationId);
    t.ok((found?.op.responses['200']?.headers as Json | undefined)?.['Content-Disposition'], `${operationId} 200: Content-Disposition`);
  }
});

t.test('descriptions, formats and components read as a generator wants them', async (t) => {
  const text = JSON.stringify(doc);
  t.notMatch(text, /Default Response/, 'no "Default Response"');
  t.notMatch(text, /9007199254740991/, "no safe-integer bounds (zod's default), nor examples made of them");
  t.same(Object.keys(doc.components.schemas).filter((name) => name.endsWith('Input')), [], 'no *Input twins');
  for (const name of ['Timestamp', 'TimestampOut']) {
    const schema = doc.components.schemas[name]!;
    t.equal(schema.format, 'date-time', `${name} is format: date-time`);
    t.notOk('allOf' in schema || 'pattern' in schema, `${name} has no patterns beside its format`);
  }
  const statement = operations.find(({ op }) => op.operationId === 'getStatement')!;
  t.same(Object.keys((statement.op.responses['200']!.content ?? {}) as Json), ['application/json'], 'getStatement answers JSON only: CSV and HTML are their own operations');
  const roleOfPoster = ((doc.components.schemas.Transaction!.properties as Json).postedBy as { properties: { role: Json } }).properties.role;
  t.match(JSON.stringify(roleOfPoster), /#\/components\/schemas\/Role/, 'postedBy.role is the Role enum');
  t.same(
    (doc.components.schemas.ApiKey!.oneOf as { $ref: string }[]).map((branch) => branch.$ref.split('/').pop()),
    ['CashierApiKey', 'OrganiserApiKey', 'CertifierApiKey', 'StaffApiKey'],
    'an API key is one of four kinds, by what its role binds it to',
  );
});

t.test('every example validates against its schema', async (t) => {
  // The components as one schema, so that their $refs resolve; each example is checked
  // against the schema it sits in, addressed by its JSON pointer.
  const BASE = 'https://timebank-ledger.invalid/openapi.json';
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: BASE, components: { schemas: doc.components.schemas, headers: doc.components.headers } });
  let checked = 0;
  const check = (pointer: string, example: unknown) => {
    checked += 1;
    const validate = ajv.compile({ $ref: `${BASE}#${pointer}` });
    t.ok(validate(example), `${pointer}: ${validate.errors ? ajv.errorsText(validate.errors) : 'valid'}`);
  };
  const visit = (pointer: string, node: unknown): void => {
    if (Array.isArray(node)) return node.forEach((child, i) => visit(`${pointer}/${i}`, child));
    if (node === null || typeof node !== 'object') return;
    const schema = node as Json;
    if (Array.isArray(schema.examples)) for (const example of schema.examples) check(pointer, example);
    for (const [key, child] of Object.entries(schema)) {
      if (key !== 'examples') visit(`${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, child);
    }
  };
  visit('/components/schemas', doc.components.schemas);
  visit('/components/headers', doc.components.headers);
  for (const [code, example] of Object.entries(doc.components.examples)) {
    checked += 1;
    const validate = ajv.compile({ $ref: `${BASE}#/components/schemas/Problem` });
    t.ok(validate(example.value), `the ${code} problem example: ${validate.errors ? ajv.errorsText(validate.errors) : 'valid'}`);
  }
  t.ok(checked >= 30, `${checked} examples checked`);
});
