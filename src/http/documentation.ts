/**
 * The conventions of the OpenAPI document, applied in one place so that a new route inherits
 * them by declaring only what is its own:
 *
 * - problems: a route lists the codes it can answer (`problems('not_found', ...)`); the codes
 *   every route of its kind shares (a bearer key, a body, an Idempotency-Key, an internal
 *   error) are added here, and the operation carries the whole list as `x-problem-codes`,
 *   one problem+json answer per status with an example per code;
 * - response headers: src/http/response-headers.ts's table and rules, on every answer they
 *   apply to, with a route's own `'x-response-headers': { 200: ['Content-Disposition'] }`;
 * - the document itself (refineDocument): one component per schema (no `*Input` twins),
 *   `format: date-time` instead of patterns, descriptions for every answer.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { PROBLEM_CODES_OF, problems } from '../schemas/common.js';
import { PROBLEM_CODES, PROBLEMS, type ProblemCode, problemExample } from './problems.js';
import { type DocumentedOperation, HEADER_RULES, type HeaderDefinition, PARSER_STATUSES, RESPONSE_HEADERS, type ResponseHeader, takesKey } from './response-headers.js';

/** What a route that takes a bearer key can answer besides its own refusals. */
const AUTHENTICATED_CODES: readonly ProblemCode[] = ['unauthorized', 'forbidden', 'rate_limited', 'unavailable', 'busy'];
/** What a route that reads a body can answer: it is not JSON, too large, or of another type. */
const BODY_CODES: readonly ProblemCode[] = ['validation_failed', 'payload_too_large', 'unsupported_media_type'];
const IDEMPOTENCY_CODES: readonly ProblemCode[] = ['idempotency_key_in_flight', 'idempotency_key_reused'];
/**
 * What any route can answer: Node's parser refuses headers past its limit, and a request
 * that trickles in past REQUEST_TIMEOUT_MS, before a route is found; a request that arrives
 * while the instance closes is not started; a bug is a bug anywhere.
 */
const EVERY_ROUTE_CODES: readonly ProblemCode[] = ['request_timeout', 'headers_too_large', 'shutting_down', 'internal'];
/** A path segment longer than any id is refused before routing (fastify's maxParamLength). */
const PATH_PARAMETER_CODES: readonly ProblemCode[] = ['uri_too_long'];

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function hasIdempotencyHeader(headers: unknown): boolean {
  const shape = (headers as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape !== undefined && 'idempotency-key' in shape;
}

/**
 * The codes of a route, its problem answers rebuilt from them, and `x-problem-codes`.
 * Registered before swagger, after the access documentation (which sets `security`).
 */
export const documentation = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', (route: RouteOptions) => {
      const schema = route.schema as Record<string, unknown> | undefined;
      if (!schema || schema.hide) return;
      const response = (schema.response ?? {}) as Record<string, Record<PropertyKey, unknown>>;
      const codes = new Set<ProblemCode>();
      const answers: Record<string, unknown> = {};
      for (const [status, entry] of Object.entries(response)) {
        const own = entry?.[PROBLEM_CODES_OF];
        if (Array.isArray(own)) for (const code of own as ProblemCode[]) codes.add(code);
        else answers[status] = entry;
      }
      const methods = ([] as string[]).concat(route.method);
      const security = (schema.security ?? []) as Record<string, unknown>[];
      if (security.some((requirement) => 'bearerAuth' in requirement)) AUTHENTICATED_CODES.forEach((c) => codes.add(c));
      if (methods.some((m) => WRITE_METHODS.has(m))) BODY_CODES.forEach((c) => codes.add(c));
      if (hasIdempotencyHeader(schema.headers)) IDEMPOTENCY_CODES.forEach((c) => codes.add(c));
      if (route.url.includes(':')) PATH_PARAMETER_CODES.forEach((c) => codes.add(c));
      EVERY_ROUTE_CODES.forEach((c) => codes.add(c));
      const ordered = PROBLEM_CODES.filter((code) => codes.has(code));
      schema.response = { ...answers, ...problems(...ordered) };
      schema['x-problem-codes'] = ordered;
    });
  },
  { name: 'documentation', dependencies: ['access-documentation'] },
);

type Json = Record<string, unknown>;
interface Document {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; headers?: Record<string, HeaderDefinition> } & Json;
}

const SCHEMAS = '#/components/schemas/';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Every value of `node`, depth first, with a way to replace it. */
function walk(node: unknown, visit: (value: Json) => void): void {
  if (Array.isArray(node)) node.forEach((v) => walk(v, visit));
  else if (node !== null && typeof node === 'object') {
    visit(node as Json);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

function renameRefs(node: unknown, rename: (name: string) => string): unknown {
  return JSON.parse(JSON.stringify(node), (key, value) =>
    key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMAS) ? SCHEMAS + rename(value.slice(SCHEMAS.length)) : value,
  );
}

/** The component names `node` refers to, and those they refer to, in `schemas`. */
function reachable(node: unknown, schemas: Record<string, Json>): Set<string> {
  const reached = new Set<string>();
  const reach = (n: unknown) =>
    walk(n, (v) => {
      const ref = v.$ref;
      if (typeof ref === 'string' && ref.startsWith(SCHEMAS)) {
        const name = ref.slice(SCHEMAS.length);
        if (!reached.has(name)) {
          reached.add(name);
          reach(schemas[name]);
        }
      }
    });
  reach(node);
  return reached;
}

/**
 * fastify-type-provider-zod names every schema twice, `X` as answered and `XInput` as
 * accepted. Most of ours read the same both ways but for answers' closed objects, so a
 * request refers to X itself. One that reads otherwise as input (a default makes a field
 * optional) keeps the plain name for the side that uses it: a request body's is its input;
 * one used both ways must be given two ids, or generation fails here. Then what no operation
 * reaches is dropped.
 */
function mergeTwins(doc: Document): Document {
  const schemas = doc.components.schemas;
  const outputName = (name: string) => (name.endsWith('Input') && name.slice(0, -5) in schemas ? name.slice(0, -5) : name);
  const comparable = (schema: unknown) => {
    const copy = renameRefs(schema, outputName) as Json;
    walk(copy, (v) => {
      if (v.type === 'object' || v === copy) delete v.additionalProperties;
    });
    return JSON.stringify(copy);
  };
  const used = reachable(doc.paths, schemas);
  for (const name of Object.keys(schemas)) {
    const twin = outputName(name);
    if (twin === name || comparable(schemas[name]) === comparable(schemas[twin])) continue;
    if (used.has(twin) && used.has(name)) {
      throw new Error(`schema ${twin} reads differently as a request (${name}) and both are used: give the request's schema its own id`);
    }
    if (used.has(name)) schemas[twin] = schemas[name]!;
  }
  const merged = renameRefs(doc, outputName) as Document;
  const reached = reachable(merged.paths, merged.components.schemas);
  merged.components.schemas = Object.fromEntries(Object.entries(merged.components.schemas).filter(([name]) => reached.has(name)));
  return merged;
}

const SAFE_INTEGER = 9007199254740991;
const REF_SIBLINGS = new Set(['$ref', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);

/** zod's spellings that a generator reads worse than the plain one. */
function simplifySchemas(doc: Document): void {
  walk(doc, (v) => {
    // A described use of a named schema (`Timestamp.describe(...)`) repeats the schema's
    // checks beside its $ref: the $ref says them, once.
    if (typeof v.$ref === 'string') {
      for (const key of Object.keys(v)) if (!REF_SIBLINGS.has(key)) delete v[key];
    }
    // A date-time is said by its format: zod adds its own pattern and ours, as an allOf.
    if (v.format === 'date-time') {
      delete v.pattern;
      delete v.allOf;
    }
    // zod bounds every int by the safe integers: no bound at all, and examples made of them.
    if (v.minimum === -SAFE_INTEGER) delete v.minimum;
    if (v.maximum === SAFE_INTEGER) delete v.maximum;
  });
}

const pascalCase = (code: string) => code.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

const STATUS_WORDS: Record<string, string> = { '200': 'OK', '201': 'Created', '204': 'No content' };

function describeSuccess(doc: Document, status: string, response: Json): void {
  if (response.description !== 'Default Response') return;
  const content = Object.values((response.content ?? {}) as Record<string, { schema?: Json }>);
  const ref = content[0]?.schema?.$ref;
  const component = typeof ref === 'string' ? doc.components.schemas[ref.slice(SCHEMAS.length)] : undefined;
  const said = typeof component?.description === 'string' ? component.description : undefined;
  if (!said) throw new Error(`a ${status} answer of ${String(ref ?? 'an unnamed schema')} has no description: describe the schema or the answer`);
  const word = STATUS_WORDS[status] ?? status;
  response.description = `${word}: ${said.charAt(0).toLowerCase()}${said.slice(1)}`;
}

/** A problem answer's description, codes and examples; the codes it holds. */
function describeProblems(codes: readonly ProblemCode[], status: string, response: Json): ProblemCode[] {
  const own = codes.filter((code) => String(PROBLEMS[code].status) === status);
  if (own.length === 0) throw new Error(`a ${status} answer without a problem code of that status`);
  response.description = own.map((code) => `\`${code}\`: ${PROBLEMS[code].title}.`).join(' ');
  response['x-problem-codes'] = own;
  const media = (response.content as Record<string, Json>)['application/problem+json']!;
  media.examples = Object.fromEntries(own.map((code) => [code, { $ref: `#/components/examples/${code}` }]));
  return own;
}

/**
 * The document as generated, made what a client generator reads best; the last step of
 * @fastify/swagger's transformObject.
 */
export function refineDocument(generated: unknown): unknown {
  const doc = mergeTwins(generated as Document);
  simplifySchemas(doc);
  doc.components.headers = RESPONSE_HEADERS;
  const answered = new Set<ProblemCode>();
  // Problem answers are alike across operations: each is a component, named by its codes
  // (RateLimited, UnavailableOrBusy), that operations refer to.
  const responseComponents: Record<string, Json> = {};
  const shared = (operation: DocumentedOperation, status: string, response: Json): Json => {
    // An operation without a key has no rate limit to advertise: its answers are apart (OpenInternal).
    const open = takesKey(operation) || PARSER_STATUSES.has(status) ? '' : 'Open';
    const name = open + (response['x-problem-codes'] as ProblemCode[]).map(pascalCase).join('Or');
    const known = responseComponents[name];
    if (known && JSON.stringify(known) !== JSON.stringify(response)) throw new Error(`two problem answers named ${name} differ`);
    responseComponents[name] = response;
    return { $ref: `#/components/responses/${name}` };
  };
  for (const item of Object.values(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const operation = { ...op, method: method.toUpperCase() } as DocumentedOperation;
      const codes = (op['x-problem-codes'] ?? []) as ProblemCode[];
      const extra = (op['x-response-headers'] ?? {}) as Record<string, ResponseHeader[]>;
      delete op['x-response-headers'];
      const responses = (op.responses ?? {}) as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) {
        const isProblem = 'application/problem+json' in ((response.content ?? {}) as Json);
        if (isProblem) describeProblems(codes, status, response).forEach((code) => answered.add(code));
        else describeSuccess(doc, status, response);
        const headers = [...HEADER_RULES.filter((rule) => rule.applies(operation, status)).map((rule) => rule.header), ...(extra[status] ?? [])];
        if (headers.length > 0) {
          response.headers = Object.fromEntries(headers.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
        }
        if (isProblem) responses[status] = shared(operation, status, response);
      }
    }
  }
  doc.components.responses = Object.fromEntries(Object.entries(responseComponents).sort(([a], [b]) => a.localeCompare(b)));
  doc.components.examples = Object.fromEntries(
    PROBLEM_CODES.filter((code) => answered.has(code)).map((code) => [code, { summary: PROBLEMS[code].title, value: problemExample(code) }]),
  );
  return doc;
}
