/**
 * The response headers the service sends, as the OpenAPI document declares them: one table
 * of the headers (RESPONSE_HEADERS, the document's components.headers) and the rules of which
 * answers carry each (HEADER_RULES); a route adds its own with
 * `'x-response-headers': { 200: ['Content-Disposition'] }`. src/http/documentation.ts
 * applies them to every operation. A new header: a row here, and a rule or a route's
 * `x-response-headers`.
 */

/** A response header the service sends, as the document declares it (components.headers). */
export interface HeaderDefinition {
  description: string;
  schema: Record<string, unknown>;
}

export const RESPONSE_HEADERS = {
  'X-Request-Id': {
    description: "The request's id (the caller's own X-Request-Id when it is 1-128 of A-Z a-z 0-9 . _ : -); the `instance` of a problem.",
    schema: { type: 'string', examples: ['6f1c2a4e-8d0b-4b7e-9a51-3c2d7e9f0a12'] },
  },
  'Idempotency-Replayed': {
    description: 'Present, `true`, when this is the stored answer to an earlier request with the same Idempotency-Key and body.',
    schema: { type: 'string', enum: ['true'] },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying (with the same Idempotency-Key for a write).',
    schema: { type: 'string', pattern: '^[0-9]+$', examples: ['1'] },
  },
  'WWW-Authenticate': {
    description: 'The scheme to authenticate with: `Bearer`, with `error="invalid_token"` for a key that is unknown, revoked or expired.',
    schema: { type: 'string', examples: ['Bearer'] },
  },
  ETag: {
    description: 'A strong entity tag of exactly this representation: send it back as If-None-Match (304 while current) or If-Match (412 once changed).',
    schema: { type: 'string', examples: ['"3f2a9c1e7b5d"'] },
  },
  'RateLimit-Limit': {
    description: 'Requests allowed in the current window (a minute) for this key, or for this address without a known key.',
    schema: { type: 'string', pattern: '^[0-9]+$', examples: ['6000'] },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current window.',
    schema: { type: 'string', pattern: '^[0-9]+$', examples: ['5999'] },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the current window ends.',
    schema: { type: 'string', pattern: '^[0-9]+$', examples: ['42'] },
  },
  'Content-Security-Policy': {
    description: 'What the printable page may load and run: its own stylesheet, nothing else.',
    schema: { type: 'string' },
  },
  'Content-Disposition': {
    description: 'A download: the file name to save it under.',
    schema: { type: 'string', examples: ['attachment; filename="statement-R-0001.csv"'] },
  },
} satisfies Record<string, HeaderDefinition>;

export type ResponseHeader = keyof typeof RESPONSE_HEADERS;

declare module 'fastify' {
  interface FastifySchema {
    /** Response headers of this route beyond HEADER_RULES', by status. */
    'x-response-headers'?: Partial<Record<number, readonly ResponseHeader[]>>;
  }
}

/** What the rules read of an operation in the generated document. */
export interface DocumentedOperation {
  operationId?: string;
  method: string;
  parameters?: { in?: string; name?: string }[];
  security?: Record<string, unknown>[];
  [extension: `x-${string}`]: unknown;
}

export function takesIdempotencyKey(op: Pick<DocumentedOperation, 'parameters'>): boolean {
  return (op.parameters ?? []).some((p) => p.in === 'header' && p.name?.toLowerCase() === 'idempotency-key');
}

/** The operation takes an API key (and so is counted by the rate limits). */
export function takesKey(op: Pick<DocumentedOperation, 'security'>): boolean {
  return (op.security ?? []).some((requirement) => 'bearerAuth' in requirement);
}

/** What Node's HTTP parser answers before fastify, with no header but X-Request-Id (src/http/errors.ts). */
export const PARSER_STATUSES = new Set(['408', '431']);

/** Which answers carry which headers, whatever the route. */
export const HEADER_RULES: { header: ResponseHeader; applies: (op: DocumentedOperation, status: string) => boolean }[] = [
  { header: 'X-Request-Id', applies: () => true },
  { header: 'Idempotency-Replayed', applies: (op, status) => status.startsWith('2') && takesIdempotencyKey(op) },
  { header: 'Retry-After', applies: (_op, status) => status === '429' || status === '503' },
  { header: 'WWW-Authenticate', applies: (_op, status) => status === '401' },
  // Counted before the key is known (per address) and after (per key), when the limits are
  // on: every answer of an operation that takes a key but what Node's parser refuses first.
  ...(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] as const).map((header) => ({
    header,
    applies: (op: DocumentedOperation, status: string) => takesKey(op) && !PARSER_STATUSES.has(status),
  })),
];
