import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { ADMIN_KEY, client, fixture } from '../helpers/app.js';
import { isolatedApp } from '../helpers/audit.js';

/**
 * Property-based fuzzing of the whole v1 contract. Every operation of the committed OpenAPI
 * document is called with a valid request of its own, in which one field or parameter is
 * replaced by a value that the contract refuses: a wrong type, NUL, a lone surrogate, an
 * overlong or out-of-pattern string, an out-of-range date, a huge number, a tampered cursor,
 * a negative or over-precise amount, a missing field, an unknown one. The answer must be a
 * 4xx problem+json with a stable code, never a 5xx, and nothing may be recorded.
 *
 * FUZZ_SEED reproduces a run (the seed is printed); FUZZ_RUNS sets the number of cases;
 * FUZZ_ONLY keeps the fields and parameters whose label contains it ("createHold body").
 *
 * By default 700 cases: five bad values for each of the ~140 fields and parameters, each
 * run with a new seed, so that runs add up to a wide search while one run stays a few
 * seconds of the suite. FUZZ_RUNS=10000 searches one run deep.
 */

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = Number(process.env.FUZZ_RUNS ?? 700);
const ONLY = process.env.FUZZ_ONLY;
t.comment(`bad-input fuzz: seed ${seed}, ${CASES} cases (FUZZ_SEED=${seed} reproduces this run)`);

// ---------------------------------------------------------------------------------------
// The contract, read from the committed OpenAPI document.

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
}

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

interface OperationObject {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

const document = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, JsonSchema> };
};

/** A schema with its $ref and allOf folded in, and the name of the component it came from. */
interface Node {
  ref: string | undefined;
  type: string | undefined;
  patterns: RegExp[];
  schema: JsonSchema;
}

function resolve(schema: JsonSchema, ref?: string): Node {
  let merged: JsonSchema = { ...schema };
  let name = ref;
  if (schema.$ref) {
    name = schema.$ref.split('/').pop();
    const target = document.components.schemas[name as string];
    if (!target) throw new Error(`unresolved ${schema.$ref}`);
    const inner = resolve(target, name);
    merged = { ...inner.schema, ...schema, $ref: undefined };
  }
  // A body that depends on a discriminator (an API key by its role): its templates below are
  // of the first branch (a cashier key), so its fields are that branch's.
  if (merged.oneOf?.[0] && !merged.properties) return { ...resolve(merged.oneOf[0]), ref: name };
  const patterns = [merged.pattern, ...(merged.allOf ?? []).map((s) => s.pattern)].filter((p): p is string => typeof p === 'string');
  const type = typeof merged.type === 'string' ? merged.type : merged.properties ? 'object' : undefined;
  return { ref: name, type, patterns: patterns.map((p) => new RegExp(p, 'u')), schema: merged };
}

type Where = 'path' | 'query' | 'header' | 'body';

interface Target {
  operationId: string;
  method: string;
  path: string;
  where: Where;
  /** The parameter's name, or the field's path in the body (["entries", 0, "amount"]). */
  pointer: (string | number)[];
  node: Node | undefined;
  label: string;
  /** The operation's query parameters, which an unknown one must not be. */
  queryNames?: string[];
}

const operations: { operationId: string; method: string; path: string; op: OperationObject }[] = [];
for (const [path, byMethod] of Object.entries(document.paths)) {
  for (const [method, op] of Object.entries(byMethod)) operations.push({ operationId: op.operationId, method: method.toUpperCase(), path, op });
}

function bodyTargets(base: Omit<Target, 'pointer' | 'node' | 'label' | 'where'>, node: Node, pointer: (string | number)[], out: Target[]) {
  const label = `${base.operationId} body${pointer.length ? `.${pointer.join('.')}` : ''}`;
  out.push({ ...base, where: 'body', pointer, node, label });
  const s = node.schema;
  if (node.type === 'object' && s.properties) {
    for (const [key, child] of Object.entries(s.properties)) bodyTargets(base, resolve(child), [...pointer, key], out);
  }
  if (node.type === 'array' && s.items) {
    const item = resolve(s.items);
    if (item.type === 'object' && item.schema.properties) {
      for (const [key, child] of Object.entries(item.schema.properties)) bodyTargets(base, resolve(child), [...pointer, 0, key], out);
    }
  }
}

const targets: Target[] = [];
for (const { operationId, method, path, op } of operations) {
  const base = { operationId, method, path };
  const params = op.parameters ?? [];
  for (const p of params) {
    targets.push({ ...base, where: p.in, pointer: [p.name], node: resolve(p.schema), label: `${operationId} ${p.in} ${p.name}` });
  }
  if (params.some((p) => p.in === 'query')) {
    const queryNames = params.filter((p) => p.in === 'query').map((p) => p.name);
    targets.push({ ...base, where: 'query', pointer: [], node: undefined, label: `${operationId} query (unknown parameter)`, queryNames });
  }
  const body = op.requestBody?.content['application/json']?.schema;
  if (body) bodyTargets(base, resolve(body), [], targets);
}

// ---------------------------------------------------------------------------------------
// Bad values. Each is refused by the contract whatever the rest of the request holds.

/** What a case does to its target: data, so that a counterexample prints readably. */
type Bad =
  | { set: unknown }
  /** A text inserted into the valid value at a fraction of its length. */
  | { insert: string; at: number }
  | { omitKey: string }
  /** An array one item short of minItems, or one past maxItems. */
  | { items: 'fewer' | 'more' }
  | { addKey: string; value: unknown }
  /** Already percent-encoded text for a path or query parameter. */
  | { raw: string }
  | { repeat: true }
  | { rawBody: string; contentType: string };

const NUL = '\u0000';
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];
const INT64_MAX = 2n ** 63n - 1n;

const set = (value: unknown): Bad => ({ set: value });
const sets = (...values: unknown[]) => fc.constantFrom(...values).map(set);
const inserted = (text: fc.Arbitrary<string>) => fc.tuple(text, fc.double({ min: 0, max: 1, noNaN: true })).map(([insert, at]): Bad => ({ insert, at }));

/** Values of every JSON type but the field's own. */
function wrongTypes(node: Node | undefined): fc.Arbitrary<Bad> {
  const type = node?.type;
  const all: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, -1e308, [], [1], {}, { a: 1 }];
  if (type !== 'string') all.push('', 'x', '1');
  return fc.constantFrom(...all.filter((v) => !matchesType(v, node))).map(set);
}

function matchesType(value: unknown, node: Node | undefined): boolean {
  const type = node?.type;
  if (value === null) return false;
  if (Array.isArray(value)) return type === 'array';
  if (typeof value === 'object') return type === 'object';
  if (typeof value === 'number') return type === 'number' || (type === 'integer' && Number.isInteger(value));
  return typeof value === type;
}

const year = (y: number) => String(y).padStart(4, '0');
/** Out-of-range or malformed instants: years outside 1970-9999 in UTC, bad calendars, too precise. */
const badTimestamp: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '0000-01-01T00:00:00.000Z',
    '0001-01-01T00:00:00Z',
    '0999-06-01T00:00:00Z',
    '1969-12-31T23:59:59.999Z',
    '1970-01-01T00:00:00+00:01',
    '1970-01-01T07:59:59+08:00',
    '9999-12-31T23:59:59.999-00:01',
    '9999-12-31T20:00:00-05:00',
    '10000-01-01T00:00:00Z',
    '+010000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '2021-02-29T00:00:00Z',
    '2020-04-31T00:00:00Z',
    '2020-13-01T00:00:00Z',
    '2020-01-01T24:00:00Z',
    '2020-01-01T23:59:60Z',
    '2020-01-01T00:00:00',
    '2020-01-01',
    '2020-01-01T00:00:00.0001Z',
    '2020-01-01T00:00:00.123456789Z',
    '2020-01-01T00:00:00+24:00',
    '2020-01-01T00:00:00+05',
    'now',
    'today',
    '1700000000000',
    '',
  ),
  fc.integer({ min: 0, max: 1969 }).map((y) => `${year(y)}-06-15T12:00:00Z`),
  fc.integer({ min: 1, max: 23 * 60 + 59 }).map((m) => `9999-12-31T23:59:00-${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`),
  fc.integer({ min: 1, max: 23 * 60 + 59 }).map((m) => `1970-01-01T00:00:00+${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`),
  fc.integer({ min: 4, max: 12 }).map((n) => `2020-01-01T00:00:00.${'1'.repeat(n)}Z`),
);

const minorToDecimal = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
const AMOUNT_MAX_MINOR = 10_000_000_000n;
/** Amounts the contract refuses: not positive, over-precise, too large, or not a plain decimal. */
const badAmount: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0', '0.00', '0.0', '-0', '-1', '-0.01', '1.001', '0.001', '100000000.01', '999999999', '1e3', '1E3', '0x10', ' 1', '1 ', '+1', '.5', '5.', '1,00', '１', 'NaN', 'Infinity', '00.5', '', '1'.padEnd(40, '0')),
  fc.bigInt({ min: 1n, max: AMOUNT_MAX_MINOR }).map((m) => `-${minorToDecimal(m)}`),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 3, max: 12 })).map(([i, n]) => `${i}.${'1'.repeat(n)}`),
  fc.bigInt({ min: AMOUNT_MAX_MINOR + 1n, max: 10n ** 40n }).map(minorToDecimal),
);
const badSignedAmount: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0', '-0', '0.00', '-0.00', '+0', '1.001', '-1.001', '--1', '+-1', '100000000.01', '-100000000.01', '1e3', '-', '+', '', ' -1'),
  fc.tuple(fc.boolean(), fc.bigInt({ min: AMOUNT_MAX_MINOR + 1n, max: 10n ** 40n })).map(([neg, m]) => `${neg ? '-' : ''}${minorToDecimal(m)}`),
  fc.tuple(fc.boolean(), fc.integer({ min: 3, max: 12 })).map(([neg, n]) => `${neg ? '-' : ''}1.${'5'.repeat(n)}`),
);

/** Sequence numbers past int64, or not canonical decimals. */
const badSeq: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('9223372036854775808', '9999999999999999999', '18446744073709551616', '99999999999999999999', '-1', '01', '1.0', '', ' 1', '0x1', '1e3', 'x'),
  fc.bigInt({ min: INT64_MAX + 1n, max: 10n ** 19n - 1n }).map(String),
);

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/**
 * Cursors this API never issues, bad for every list: neither a usable `id` nor a usable
 * `t` and `e` (statement positions), or not base64url JSON at all.
 */
const badCursor: fc.Arbitrary<Bad> = fc.oneof(
  fc
    .record(
      {
        id: fc.constantFrom<unknown>(`a${NUL}`, `acct_${LONE_SURROGATES[0]}`, 'x'.repeat(201), '', 1, null, ['a']),
        t: fc.constantFrom<unknown>('1', '', 'x', '0000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '2020-02-30T00:00:00.000Z', `2020${NUL}`, 5, '2026-01-01T00:00:00.000Z'),
        e: fc.constantFrom<unknown>('9223372036854775808', '99999999999999999999', '-1', '1.5', '', 'x', 5, `1${NUL}`, '1'),
        x: fc.string({ maxLength: 5 }),
      },
      { requiredKeys: [] },
    )
    // A statement cursor with a good t and a good e is a real position: keep one of them bad.
    .filter((c) => !(c.t === '2026-01-01T00:00:00.000Z' && c.e === '1'))
    .map((c) => set(b64(JSON.stringify(c)))),
  fc.constantFrom('{"t":"1","e":"1"}', '{"e":"9223372036854775808"}', '[]', '"a"', 'null', '1', '{', '{"t":{"a":1},"e":[1]}').map((j) => set(b64(j))),
  fc.constantFrom('!!!', '*', 'not base64', '%%%', '=').map(set),
  fc.integer({ min: 401, max: 2000 }).map((n) => set('A'.repeat(n))),
);

/** Strings that no regex of the field matches (tried on a few shapes, kept if all miss). */
function patternMisses(node: Node): fc.Arbitrary<Bad> {
  return fc
    .oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }))
    .filter((s) => node.patterns.some((p) => !p.test(s)) && s.length <= (node.schema.maxLength ?? Infinity))
    .map(set);
}

function stringBad(node: Node, where: Where, name: string): fc.Arbitrary<Bad> {
  const s = node.schema;
  const options: fc.Arbitrary<Bad>[] = [inserted(fc.constant(NUL)), inserted(fc.tuple(fc.stringMatching(/^[a-z]{0,3}$/), fc.stringMatching(/^[a-z]{0,3}$/)).map(([a, b]) => `${a}${NUL}${b}`))];
  if (where === 'body') options.push(wrongTypes(node), inserted(fc.constantFrom(...LONE_SURROGATES)));
  if (where === 'query') options.push(fc.constant<Bad>({ repeat: true }));
  if (s.maxLength !== undefined) options.push(fc.integer({ min: s.maxLength + 1, max: s.maxLength + 80 }).map((n) => set('x'.repeat(n))));
  if ((s.minLength ?? 0) > 0 || node.patterns.length > 0) options.push(fc.constant(set('')));
  if (node.patterns.length > 0 && node.ref !== 'Timestamp') options.push(patternMisses(node));
  if (s.enum) options.push(fc.string({ maxLength: 12 }).filter((v) => !s.enum?.includes(v)).map(set));
  if (s.const !== undefined) options.push(fc.string({ maxLength: 12 }).filter((v) => v !== s.const).map(set));
  // The field's own kind of mistake weighs as much as all the generic ones together.
  const own: fc.Arbitrary<Bad>[] = [];
  if (node.ref === 'Timestamp') own.push(badTimestamp.map(set));
  if (node.ref === 'Amount') own.push(badAmount.map(set));
  if (node.ref === 'SignedAmount') own.push(badSignedAmount.map(set));
  if (name === 'cursor') own.push(badCursor);
  if (name === 'afterSeq' || name === 'fromSeq') own.push(badSeq.map(set));
  if (name === 'fromSeq') own.push(fc.constant(set('0')));
  if (own.length === 0) return fc.oneof(...options);
  return fc.oneof({ arbitrary: fc.oneof(...options), weight: 1 }, { arbitrary: fc.oneof(...own), weight: 1 });
}

function integerBad(node: Node, where: Where): fc.Arbitrary<Bad> {
  const { minimum = -Infinity, maximum = Infinity } = node.schema;
  const numbers: fc.Arbitrary<number>[] = [fc.constantFrom(1.5, 1e21, 1e308, -1e308, 2 ** 53 + 2, 0.1)];
  if (minimum > -Infinity) numbers.push(fc.integer({ min: Math.max(-(2 ** 31), minimum - 1000), max: minimum - 1 }));
  if (maximum < Infinity) numbers.push(fc.integer({ min: maximum + 1, max: maximum + 1_000_000 }));
  // A fraction in range is a good `number` (noticeDays: 1.5); only an `integer` refuses it.
  const n = fc.oneof(...numbers).filter((v) => !((node.type === 'number' || Number.isInteger(v)) && v >= minimum && v <= maximum));
  if (where === 'query') {
    return fc.oneof(
      n.map((v) => set(String(v))),
      sets('', ' ', 'abc', 'NaN', 'Infinity', '-Infinity', '1e400', '9223372036854775808', '99999999999999999999999', '1.5', '1,5'),
      fc.constant<Bad>({ repeat: true }),
      inserted(fc.constant(NUL)),
    );
  }
  return fc.oneof(n.map(set), wrongTypes(node), sets('1', '10'));
}

function arrayBad(node: Node): fc.Arbitrary<Bad> {
  const { minItems = 0, maxItems } = node.schema;
  const options: fc.Arbitrary<Bad>[] = [wrongTypes(node), sets([null], [1], [[]], ['x'])];
  if (minItems > 0) options.push(fc.constant<Bad>({ items: 'fewer' }));
  if (maxItems !== undefined) options.push(fc.constant<Bad>({ items: 'more' }));
  return fc.oneof(...options);
}

/** An object of the contract: wrong type, a required field missing, an unknown field. */
function objectBad(node: Node, root: boolean): fc.Arbitrary<Bad> {
  const s = node.schema;
  const known = Object.keys(s.properties ?? {});
  const unknownKey = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom(`a${NUL}`, `k${LONE_SURROGATES[1]}`, 'constructor', 'toString', 'id')).filter(
    (k) => !known.includes(k),
  );
  const options: fc.Arbitrary<Bad>[] = [
    wrongTypes(node),
    fc.tuple(unknownKey, fc.jsonValue({ maxDepth: 2 })).map(([addKey, value]): Bad => ({ addKey, value })),
  ];
  if (s.required?.length) options.push(fc.constantFrom(...s.required).map((omitKey): Bad => ({ omitKey })));
  if (root) {
    options.push(
      fc
        .constantFrom(
          ['{', 'application/json'],
          ['{"a":', 'application/json'],
          ['', 'application/json'],
          ['nul', 'application/json'],
          ["{'a':1}", 'application/json'],
          ['{"__proto__":{"x":1}}', 'application/json'],
          ['{"constructor":{"prototype":{"x":1}}}', 'application/json'],
          ['{"a":1}', 'text/plain'],
          ['a=1', 'application/x-www-form-urlencoded'],
          ['<a/>', 'application/xml'],
          ['{"a":"\\ud800"}', 'application/json'],
          ['{"a":"\\u0000"}', 'application/json'],
          [`${'['.repeat(50_000)}${']'.repeat(50_000)}`, 'application/json'],
          [`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, 'application/json'],
        )
        .map(([rawBody, contentType]): Bad => ({ rawBody: rawBody as string, contentType: contentType as string })),
    );
  }
  return fc.oneof(...options);
}

/** Metadata: bad keys, bad values, too many keys. */
function recordBad(node: Node): fc.Arbitrary<Bad> {
  return fc.oneof(
    wrongTypes(node),
    fc
      .constantFrom<[string, unknown]>(
        ['', 'x'],
        ['k'.repeat(65), 'x'],
        [`a${NUL}b`, 'x'],
        [`a${LONE_SURROGATES[0]}`, 'x'],
        ['note', 'v'.repeat(1001)],
        ['note', `v${NUL}`],
        ['note', `v${LONE_SURROGATES[2]}`],
        ['note', {}],
        ['note', []],
        ['note', { nested: 'x' }],
      )
      .map(([k, v]) => set({ [k]: v })),
    fc.integer({ min: 51, max: 80 }).map((n) => set(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])))),
  );
}

function badFor(target: Target): fc.Arbitrary<Bad> {
  const { node, where } = target;
  const name = String(target.pointer[target.pointer.length - 1] ?? '');
  if (!node) {
    // An unknown query parameter, on an operation whose query is strict.
    const name = fc.oneof(fc.stringMatching(/^[a-z][a-zA-Z]{0,10}$/), fc.string({ minLength: 1, maxLength: 10 }));
    return fc
      .tuple(name.filter((k) => !target.queryNames?.includes(k)), fc.string({ maxLength: 5 }))
      .map(([k, v]): Bad => ({ addKey: k, value: v }));
  }
  if (where === 'path') {
    return fc.oneof(
      // Not empty, "." or "..": those change the route, not the parameter.
      patternMisses(node).filter((b) => 'set' in b && typeof b.set === 'string' && !/^\.{0,2}$/.test(b.set)),
      inserted(fc.constant(NUL)),
      fc.constantFrom('%ZZ', '%', '%0', '%00', '%ED%A0%80', '%C0%80', '%FF', 'a%2Fb', 'a%20b').map((raw): Bad => ({ raw })),
      fc.integer({ min: 101, max: 3000 }).map((n): Bad => ({ raw: 'a'.repeat(n) })),
    );
  }
  if (where === 'header') {
    return sets('', 'x'.repeat(256), 'x'.repeat(1000), 'clé', 'tab\there', 'del\x7f', 'ü');
  }
  if (where === 'query' && node.type === 'integer') return integerBad(node, where);
  if (node.type === 'string') return stringBad(node, where, name);
  if (node.type === 'integer' || node.type === 'number') return integerBad(node, where);
  if (node.type === 'array') return arrayBad(node);
  if (node.type === 'object' && node.schema.properties) return objectBad(node, target.pointer.length === 0);
  if (node.type === 'object') return recordBad(node);
  throw new Error(`no bad values for ${target.label} (${JSON.stringify(node.schema).slice(0, 120)})`);
}

// ---------------------------------------------------------------------------------------
// Valid requests, one per operation, built over accounts the fuzz owns.

// A database of its own, so that "nothing recorded" can be judged on whole tables.
// Webhook delivery off: it would move endpoints' cursors behind the state check's back.
const isolated = await isolatedApp({ WEBHOOK_POLL_INTERVAL_MS: '0' });
t.teardown(() => isolated.close());
const app = isolated.app;
const c = client(app);
const f = fixture(c);

const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
/** Codes, names and Idempotency-Keys: fresh in every case, so that a wrongly accepted one would write. */
const PREFIX = `FZ-${run}-`;
const CATEGORY_PREFIX = `fz_${run}_`;

interface Context {
  a: string;
  b: string;
  s: string;
  aCode: string;
  category: string;
  transactionId: string;
  captureHoldId: string;
  voidHoldId: string;
  holdId: string;
  keyId: string;
  since: string;
  endpointId: string;
  doomedEndpointId: string;
  scopeKeyId: string;
  monitorId: string;
  /** Certified earnings (issue 15): a certified category in ESTATE and its objects. */
  certified: string;
  certifierKey: string;
  emptyActivityId: string;
  submittedActivityId: string;
  noticeClaimId: string;
  objectionId: string;
  earlyActivityId: string;
}

const ESTATE = 'fuzz-estate';

async function ok(res: LightMyRequestResponse, what: string): Promise<Record<string, unknown>> {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A .invalid name never resolves: background deliveries to it fail without changing what state() reads. */
const HOOK_URL = 'https://hooks.example.invalid/fuzz';

async function context(): Promise<Context> {
  const since = new Date(Date.now() - 1000).toISOString();
  const category = `${CATEGORY_PREFIX}${Math.random().toString(36).slice(2, 8)}`;
  await ok(await c.post('/v1/categories', { code: category, name: 'fuzz' }), 'category');
  const a = await f.member();
  const b = await f.member();
  const s = await f.merchant();
  const earning = await ok(await c.post('/v1/earnings', { accountId: a.id, amount: '500', category }), 'earning');
  const hold = async () => (await ok(await c.post('/v1/holds', { accountId: a.id, merchantAccountId: s.id, amount: '5.00' }), 'hold')).id as string;
  const key = await ok(await c.post('/v1/api-keys', { name: `${PREFIX}fixture`, role: 'auditor' }), 'key');
  const endpoint = async () => (await ok(await c.post('/v1/webhook-endpoints', { url: HOOK_URL, eventTypes: ['hold.created'] }), 'endpoint')).id as string;
  const monitor = await ok(await c.post('/v1/balance-monitors', { accountId: a.id, direction: 'below', threshold: '1' }), 'monitor');
  const certified = `${CATEGORY_PREFIX}c${Math.random().toString(36).slice(2, 8)}`;
  await ok(await c.post('/v1/categories', { code: certified, name: 'fuzz certified', earnings: 'certified' }), 'certified category');
  const certifierKey = (await ok(await c.post('/v1/api-keys', { name: `${PREFIX}certifier`, role: 'certifier', estates: [ESTATE] }), 'certifier')).key as string;
  const activity = async (stage: 'empty' | 'submitted' | 'notice'): Promise<{ id: string; claimId: string }> => {
    const id = (await ok(await c.post('/v1/activities', activityBody(certified)), 'activity')).id as string;
    if (stage === 'empty') return { id, claimId: '' };
    const claims = (await ok(await c.post(`/v1/activities/${id}/claims`, { claims: [{ memberAccountId: a.id, hours: '1' }] }), 'claims')).claims as { id: string }[];
    if (stage === 'notice') {
      await ok(await c.post(`/v1/activities/${id}/certifications`, { decision: 'approve', reason: 'fuzz' }, { authorization: `Bearer ${certifierKey}` }), 'certify');
    }
    return { id, claimId: claims[0]?.id ?? '' };
  };
  const objected = await activity('notice');
  const objection = await ok(await c.post(`/v1/claims/${objected.claimId}/objections`, { memberAccountId: b.id, reason: 'fuzz' }), 'objection');
  return {
    endpointId: await endpoint(),
    scopeKeyId: (await ok(await c.post('/v1/api-keys', { name: `${PREFIX}scope`, role: 'issuer' }), 'scope key')).id as string,
    doomedEndpointId: await endpoint(),
    monitorId: monitor.id as string,
    a: a.id,
    b: b.id,
    s: s.id,
    aCode: a.code,
    category,
    transactionId: earning.id as string,
    captureHoldId: await hold(),
    voidHoldId: await hold(),
    holdId: await hold(),
    keyId: key.id as string,
    since,
    certified,
    certifierKey,
    emptyActivityId: (await activity('empty')).id,
    submittedActivityId: (await activity('submitted')).id,
    noticeClaimId: (await activity('notice')).claimId,
    objectionId: objection.id as string,
    earlyActivityId: (await activity('notice')).id,
  };
}

function activityBody(category: string) {
  return {
    title: 'fuzz clean-up',
    category,
    estate: ESTATE,
    startsAt: later(-4 * 3600_000),
    endsAt: later(-3600_000),
    place: 'courtyard',
    points: { per: 'hour', amount: '8.00', capPerPerson: '30.00' },
    plannedParticipants: 3,
    certifiersRequired: 1,
  };
}

interface Request {
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
}

let serial = 0;
const fresh = () => `${PREFIX}${(serial += 1)}`;
const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const METADATA = { note: 'fuzz', n: 1, flag: true, none: null };
const RECEIPT = { number: 'R-1', lines: [{ name: 'rice', quantity: 2, unitPrice: '1.00', sku: 'SKU-1' }] };

/** A valid request of each operation; `variant` picks among representations or formats. */
const TEMPLATES: Record<string, (x: Context, variant: number) => Request> = {
  liveness: () => ({ params: {}, query: {}, headers: {} }),
  readiness: () => ({ params: {}, query: {}, headers: {} }),
  createAccount: () => ({ params: {}, query: {}, headers: {}, body: { code: fresh(), name: 'Fuzz', kind: 'member', metadata: METADATA } }),
  listAccounts: (x) => ({ params: {}, query: { kind: 'member', status: 'active', code: x.aCode, limit: '5' }, headers: {} }),
  getAccount: (x) => ({ params: { accountId: x.a }, query: {}, headers: {} }),
  updateAccount: (x) => ({ params: { accountId: x.a }, query: {}, headers: {}, body: { name: 'Fuzz A', metadata: METADATA, status: 'active' } }),
  getBalanceAsOf: (x) => ({ params: { accountId: x.a }, query: { asOf: later(0) }, headers: {} }),
  listCategories: () => ({ params: {}, query: {}, headers: {} }),
  createCategory: () => ({ params: {}, query: {}, headers: {}, body: { code: `${CATEGORY_PREFIX}${(serial += 1)}`, name: 'Fuzz' } }),
  createEarning: (x) => ({
    params: {},
    query: {},
    headers: {},
    body: { accountId: x.a, amount: '1.50', category: x.category, description: 'fuzz', reference: 'ref-1', metadata: METADATA },
  }),
  createEarningBatch: (x) => ({
    params: {},
    query: {},
    headers: {},
    body: { items: [{ accountId: x.a, amount: '1.50', category: x.category, description: 'fuzz', reference: 'ref-1', metadata: METADATA }] },
  }),
  createRedemption: (x) => ({
    params: {},
    query: {},
    headers: {},
    body: { accountId: x.a, merchantAccountId: x.s, amount: '2.00', description: 'fuzz', reference: 'ref-2', metadata: METADATA, receipt: RECEIPT },
  }),
  createTransfer: (x) => ({
    params: {},
    query: {},
    headers: {},
    body: { fromAccountId: x.a, toAccountId: x.b, amount: '0.50', description: 'fuzz', reference: 'ref-3', metadata: METADATA },
  }),
  createHold: (x) => ({
    params: {},
    query: {},
    headers: {},
    body: { accountId: x.a, merchantAccountId: x.s, amount: '1.00', expiresAt: later(10 * 60_000), description: 'fuzz' },
  }),
  getHold: (x) => ({ params: { holdId: x.holdId }, query: {}, headers: {} }),
  captureHold: (x) => ({
    params: { holdId: x.captureHoldId },
    query: {},
    headers: {},
    body: { amount: '3.00', description: 'fuzz', receipt: { number: 'R-2', lines: [{ name: 'oil', quantity: 3, unitPrice: '1.00', sku: 'SKU-2' }] } },
  }),
  voidHold: (x) => ({ params: { holdId: x.voidHoldId }, query: {}, headers: {} }),
  getStatement: (x, v) => ({
    params: { accountId: x.a },
    query: { from: x.since, to: later(60_000), limit: '10' },
    headers: { accept: ['application/json', 'text/csv', 'text/html'][v % 3] as string },
  }),
  getStatementCsv: (x) => ({ params: { accountId: x.a }, query: { from: x.since, to: later(60_000) }, headers: {} }),
  getStatementHtml: (x) => ({ params: { accountId: x.a }, query: { from: x.since, to: later(60_000) }, headers: {} }),
  exportJournal: (x, v) => ({
    params: {},
    query: { format: ['jsonl', 'csv', 'ledger'][v % 3] as string, afterSeq: '0', from: x.since, to: later(60_000) },
    headers: {},
  }),
  verifyJournal: () => ({ params: {}, query: { fromSeq: '1' }, headers: {} }),
  getTrialBalance: () => ({ params: {}, query: { asOf: later(0) }, headers: {} }),
  getEarningsReport: (x) => ({ params: {}, query: { from: x.since, to: later(60_000), groupBy: 'account' }, headers: {} }),
  createApiKey: (x) => ({
    params: {},
    query: {},
    headers: {},
    body: { name: fresh(), role: 'cashier', merchantAccountIds: [x.s], expiresAt: later(86_400_000) },
  }),
  listApiKeys: () => ({ params: {}, query: { limit: '5' }, headers: {} }),
  revokeApiKey: (x) => ({ params: { keyId: x.keyId }, query: {}, headers: {} }),
  createAdjustment: (x) => ({
    params: {},
    query: {},
    headers: {},
    body: {
      entries: [
        { accountId: x.a, amount: '-1.00' },
        { accountId: x.b, amount: '1.00' },
      ],
      description: 'fuzz',
      reference: 'ref-4',
      metadata: METADATA,
    },
  }),
  listTransactions: (x) => ({ params: {}, query: { accountId: x.a, kind: 'earning', from: x.since, to: later(60_000), limit: '5' }, headers: {} }),
  getTransaction: (x) => ({ params: { transactionId: x.transactionId }, query: {}, headers: {} }),
  createReversal: (x) => ({ params: { transactionId: x.transactionId }, query: {}, headers: {}, body: { amount: '0.10', reason: 'fuzz', metadata: METADATA } }),
  listEvents: () => ({ params: {}, query: { after: '0', wait: '0', limit: '5', types: 'transaction.posted,hold.created' }, headers: {} }),
  createWebhookEndpoint: (x) => ({
    params: {},
    query: {},
    headers: {},
    body: { url: HOOK_URL, eventTypes: ['transaction.posted'], description: 'fuzz', filter: { accountIds: [x.a], categoryCodes: [x.category] }, apiKeyId: x.scopeKeyId },
  }),
  listWebhookEndpoints: () => ({ params: {}, query: { limit: '5' }, headers: {} }),
  getWebhookEndpoint: (x) => ({ params: { endpointId: x.endpointId }, query: {}, headers: {} }),
  updateWebhookEndpoint: (x, v) => ({ params: { endpointId: x.endpointId }, query: {}, headers: {}, body: { status: v % 2 === 0 ? 'disabled' : 'enabled' } }),
  deleteWebhookEndpoint: (x) => ({ params: { endpointId: x.doomedEndpointId }, query: {}, headers: {} }),
  rotateWebhookEndpointSecret: (x) => ({ params: { endpointId: x.endpointId }, query: {}, headers: {} }),
  listWebhookAttempts: (x) => ({ params: { endpointId: x.endpointId }, query: { limit: '5' }, headers: {} }),
  replayWebhookEndpoint: (x, v) => ({ params: { endpointId: x.endpointId }, query: {}, headers: {}, body: { afterSeq: String(v) } }),
  createBalanceMonitor: (x) => ({ params: {}, query: {}, headers: {}, body: { accountId: x.a, direction: 'above', threshold: '1000.50', description: 'fuzz' } }),
  listBalanceMonitors: (x) => ({ params: {}, query: { accountId: x.a, limit: '5' }, headers: {} }),
  deleteBalanceMonitor: (x) => ({ params: { monitorId: x.monitorId }, query: {}, headers: {} }),
  createActivity: (x) => ({ params: {}, query: {}, headers: {}, body: activityBody(x.certified) }),
  getActivity: (x) => ({ params: { activityId: x.submittedActivityId }, query: {}, headers: {} }),
  submitClaims: (x) => ({
    params: { activityId: x.emptyActivityId },
    query: {},
    headers: {},
    body: { claims: [{ memberAccountId: x.a, hours: '2.5', note: 'fuzz', evidence: 'sha256:00ff' }] },
  }),
  certifyClaims: (x) => ({
    params: { activityId: x.submittedActivityId },
    query: {},
    headers: { authorization: `Bearer ${x.certifierKey}` },
    body: { decision: 'approve', reason: 'fuzz' },
  }),
  createObjection: (x) => ({ params: { claimId: x.noticeClaimId }, query: {}, headers: {}, body: { memberAccountId: x.b, reason: 'fuzz' } }),
  decideObjection: (x) => ({ params: { objectionId: x.objectionId }, query: {}, headers: {}, body: { decision: 'dismiss', reason: 'fuzz' } }),
  postActivityEarly: (x) => ({ params: { activityId: x.earlyActivityId }, query: {}, headers: {}, body: { reason: 'fuzz' } }),
  setIssuanceBudget: (x) => ({ params: {}, query: {}, headers: {}, body: { category: x.certified, estate: ESTATE, month: '2026-01', limit: `${(serial += 1)}.00` } }),
  verifyCertificationEvents: () => ({ params: {}, query: {}, headers: {} }),
  getPublicNotices: () => ({ params: {}, query: { estate: ESTATE }, headers: {} }),
  getPublicNoticesPage: () => ({ params: {}, query: { estate: ESTATE }, headers: {} }),
};

/** The request of a template, with an Idempotency-Key on every other write. */
function template(target: Pick<Target, 'operationId' | 'method' | 'path'>, x: Context, variant: number): Request {
  const make = TEMPLATES[target.operationId];
  if (!make) throw new Error(`no template for ${target.operationId}`);
  const request = make(x, variant);
  const op = document.paths[target.path]?.[target.method.toLowerCase()];
  if (op?.parameters?.some((p) => p.name === 'idempotency-key') && variant % 2 === 0) request.headers['idempotency-key'] = fresh();
  return request;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Reads the value at `pointer` in `root`, or undefined. */
function at(root: unknown, pointer: (string | number)[]): unknown {
  let v = root;
  for (const k of pointer) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** The value `bad` makes of `current`. */
function applied(bad: Bad, current: unknown, node: Node | undefined): unknown {
  if ('set' in bad) return bad.set;
  if ('items' in bad) {
    const items = Array.isArray(current) && current.length > 0 ? current : ['x'];
    if (bad.items === 'fewer') return items.slice(0, (node?.schema.minItems ?? 1) - 1);
    return Array.from({ length: (node?.schema.maxItems ?? 0) + 1 }, (_, i) => clone(items[i % items.length]));
  }
  if ('insert' in bad) {
    const base = typeof current === 'string' ? current : 'x';
    const i = Math.floor(bad.at * base.length);
    return base.slice(0, i) + bad.insert + base.slice(i);
  }
  if ('omitKey' in bad) {
    const copy = { ...(current as Record<string, unknown>) };
    delete copy[bad.omitKey];
    return copy;
  }
  if ('addKey' in bad) {
    const copy = { ...(current as Record<string, unknown>) };
    Object.defineProperty(copy, bad.addKey, { value: bad.value, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  throw new Error(`cannot apply ${JSON.stringify(bad)} to a value`);
}

/** The request to send: the template's, with `change` made to it when one is given. */
function build(
  o: Pick<Target, 'method' | 'path'>,
  request: Request,
  change?: { target: Target; bad: Bad },
): InjectOptions {
  const rawParams: Record<string, string> = {};
  const rawQuery: string[] = [];
  let payload: string | undefined = request.body === undefined ? undefined : JSON.stringify(request.body);
  let contentType = 'application/json';
  const { target, bad } = change ?? {};
  const name = String(target?.pointer[0] ?? '');
  if (!target || !bad) {
    // The template as it is.
  } else if (target.where === 'path') {
    if ('raw' in bad) rawParams[name] = bad.raw;
    else rawParams[name] = encodeURIComponent(String(applied(bad, request.params[name], target.node)));
  } else if (target.where === 'query') {
    if (target.pointer.length === 0 && 'addKey' in bad) {
      rawQuery.push(`${encodeURIComponent(bad.addKey)}=${encodeURIComponent(String(bad.value))}`);
    } else if ('repeat' in bad) {
      const v = request.query[name] ?? 'x';
      rawQuery.push(`${name}=${encodeURIComponent(v)}`, `${name}=${encodeURIComponent(v)}`);
      delete request.query[name];
    } else {
      const v = applied(bad, request.query[name], target.node);
      delete request.query[name];
      rawQuery.push(`${name}=${encodeURIComponent(String(v))}`);
    }
  } else if (target.where === 'header') {
    request.headers[name] = String(applied(bad, request.headers[name], target.node));
  } else if ('rawBody' in bad) {
    payload = bad.rawBody;
    contentType = bad.contentType;
  } else if (target.pointer.length === 0) {
    const v = applied(bad, request.body, target.node);
    payload = JSON.stringify(v);
  } else {
    const body = clone(request.body) as Record<string, unknown>;
    const parentPointer = target.pointer.slice(0, -1);
    const key = target.pointer[target.pointer.length - 1] as string | number;
    const parent = at(body, parentPointer) as Record<string | number, unknown>;
    parent[key] = applied(bad, parent[key], target.node);
    payload = JSON.stringify(body);
  }
  const path = o.path.replace(/\{([^}]+)\}/g, (_, p: string) => rawParams[p] ?? encodeURIComponent(request.params[p] ?? ''));
  const query = [...Object.entries(request.query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`), ...rawQuery].join('&');
  return {
    method: o.method as InjectOptions['method'],
    url: query ? `${path}?${query}` : path,
    headers: {
      authorization: `Bearer ${ADMIN_KEY}`,
      ...(payload === undefined ? {} : { 'content-type': contentType }),
      ...request.headers,
    },
    ...(payload === undefined ? {} : { payload }),
  };
}

// ---------------------------------------------------------------------------------------
// "Nothing recorded": what requests can write, in one query over the whole database. The
// journal and balance checkpoints are left out: background work fills them from the rest.

async function state(): Promise<string> {
  const result = (await app.db.db.execute(sql`
    SELECT
      (SELECT count(*) FROM transactions)::int AS transactions,
      (SELECT count(*) FROM entries)::int AS entries,
      (SELECT count(*) FROM categories)::int AS categories,
      (SELECT count(*) FROM idempotency_keys)::int AS idempotency_keys,
      (SELECT md5(string_agg(a::text, '|' ORDER BY a.id)) FROM accounts a) AS accounts,
      (SELECT string_agg(h.id || ':' || h.status, ',' ORDER BY h.id) FROM holds h) AS holds,
      (SELECT string_agg(k.id || ':' || coalesce(k.revoked_at::text, '-'), ',' ORDER BY k.id) FROM api_keys k) AS api_keys,
      (SELECT md5(string_agg(concat_ws(':', w.id, w.url, w.status, w.delivered_seq, md5(w.secret), w.event_types, w.filter_account_ids), '|' ORDER BY w.id))
         FROM webhook_endpoints w) AS webhook_endpoints,
      (SELECT md5(string_agg(m.id || ':' || m.threshold, '|' ORDER BY m.id)) FROM balance_monitors m) AS balance_monitors,
      (SELECT count(*) FROM activities)::int AS activities,
      (SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM claims c) AS claims,
      (SELECT count(*) FROM claim_certifications)::int AS certifications,
      (SELECT md5(string_agg(o::text, '|' ORDER BY o.id)) FROM claim_objections o) AS objections,
      (SELECT count(*) FROM certification_events)::int AS certification_events,
      (SELECT md5(string_agg(b::text, '|' ORDER BY b.category_code, b.estate, b.month)) FROM issuance_budgets b) AS budgets
  `)) as unknown as { rows: Record<string, unknown>[] };
  return JSON.stringify(result.rows[0]);
}

/** Why an answer breaks the contract for a bad request, or undefined when it keeps it. */
function breach(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode < 400 || res.statusCode > 499) return `status ${res.statusCode}, not 4xx`;
  const type = String(res.headers['content-type'] ?? '');
  if (!/^application\/problem\+json/.test(type)) return `content-type ${type}, not application/problem+json`;
  let body: Record<string, unknown>;
  try {
    body = res.json();
  } catch {
    return 'the problem is not JSON';
  }
  if (typeof body.code !== 'string' || body.code.length === 0) return 'no code';
  if (body.status !== res.statusCode) return `status member ${String(body.status)}`;
  if (body.code === 'validation_failed') {
    const errors = body.errors;
    const wellFormed = (e: unknown) => !!e && typeof (e as { path?: unknown }).path === 'string' && typeof (e as { message?: unknown }).message === 'string';
    if (!Array.isArray(errors) || errors.length === 0 || !errors.every(wellFormed)) return 'validation_failed without errors[{path,message}]';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------

t.test('every operation has a valid request, which is accepted, and every write is seen by the state check', async (t) => {
  const missing = operations.filter((o) => !TEMPLATES[o.operationId]).map((o) => o.operationId);
  t.same(missing, [], 'a template for every operation (add one for a new operation)');
  // On accounts of their own: these requests write, and the fuzz must start from still state.
  const x = await context();
  for (const o of operations) {
    for (const variant of o.operationId === 'getStatement' || o.operationId === 'exportJournal' ? [0, 1, 2] : [0, 1]) {
      const before = await state();
      const res = await app.inject(build(o, template(o, x, variant)));
      t.ok(res.statusCode >= 200 && res.statusCode < 300, `${o.operationId} (variant ${variant}) answers ${res.statusCode}: ${res.statusCode < 300 ? 'ok' : res.body.slice(0, 300)}`);
      if (o.method !== 'GET') t.not(await state(), before, `${o.operationId} (variant ${variant}): what it wrote shows in the state check`);
      // These write once: a second call finds the hold resolved or the key revoked.
      const once = ['voidHold', 'captureHold', 'revokeApiKey', 'submitClaims', 'certifyClaims', 'decideObjection', 'postActivityEarly', 'deleteWebhookEndpoint', 'deleteBalanceMonitor'];
      if (once.includes(o.operationId)) break;
    }
  }
});

t.test(`${CASES} bad requests over every field and parameter: 4xx problem+json, nothing recorded`, async (t) => {
  const x = await context();
  const chosen = targets.filter((target) => !ONLY || target.label.includes(ONLY));
  const runs = Math.ceil(CASES / chosen.length);
  let cases = 0;
  let before = await state();
  t.comment(`${chosen.length} fields and parameters over ${operations.length} operations, ${runs} cases each`);
  for (const target of chosen) {
    try {
      await fc.assert(
        fc.asyncProperty(badFor(target), fc.nat(5), async (bad, variant) => {
          cases += 1;
          const options = build(target, template(target, x, variant), { target, bad });
          let res: LightMyRequestResponse;
          try {
            res = await app.inject(options);
          } catch (error) {
            throw new Error(`${options.method} ${String(options.url).slice(0, 200)}: the answer broke off (${(error as Error).message})`);
          }
          const after = await state();
          const changed = after !== before;
          before = after;
          const why = breach(res) ?? (changed ? `something was recorded: ${after}` : undefined);
          if (why) throw new Error(`${options.method} ${String(options.url).slice(0, 200)}: ${why}; body: ${res.body.slice(0, 300)}`);
        }),
        { seed, numRuns: runs, includeErrorInReport: true },
      );
    } catch (error) {
      t.fail(`${target.label}: ${(error as Error).message.slice(0, 3000)}`);
      continue;
    }
    t.pass(target.label);
  }
  t.ok(cases >= CASES, `${cases} cases run (at least ${CASES})`);
});
