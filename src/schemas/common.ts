import { z } from 'zod';
import { codesWithStatus, PROBLEM_CODES, PROBLEMS, type ProblemCode, problemExample } from '../http/problems.js';
import { AMOUNT_PATTERN, isValidAmount, isValidSignedAmount, SIGNED_AMOUNT_PATTERN } from '../ledger/money.js';

/** String limits, named once so that every contract uses the same ones. */
export const CODE_LENGTH_MAX = 64;
export const NAME_LENGTH_MAX = 200;
export const DESCRIPTION_LENGTH_MAX = 500;
export const REFERENCE_LENGTH_MAX = 128;
export const METADATA_KEYS_MAX = 50;
export const PAGE_SIZE_MAX = 200;
export const PAGE_SIZE_DEFAULT = 50;

export const Amount = z
  .string()
  .regex(AMOUNT_PATTERN, 'must be a decimal string with at most 2 fractional digits, no sign or exponent')
  .refine(isValidAmount, {
    message: 'must be a decimal string with at most 2 fractional digits, above 0 and at most 100000000.00',
  })
  .meta({
    id: 'Amount',
    description: 'Points as a decimal string with at most two fractional digits, positive, at most 100000000.00.',
    examples: ['12.50'],
  });

export const SignedAmount = z
  .string()
  .regex(SIGNED_AMOUNT_PATTERN, 'must be a signed decimal string with at most 2 fractional digits, no exponent')
  .refine(isValidSignedAmount, {
    message: 'must be a non-zero signed decimal string with at most 2 fractional digits, magnitude at most 100000000.00',
  })
  .meta({
    id: 'SignedAmount',
    description: 'Points with a sign: + into the account, - out of it. Two fractional digits at most.',
    examples: ['-12.50'],
  });

/** What the API always answers with: a signed decimal string with exactly two fractional digits. */
export const MoneyOut = z
  .string()
  .regex(/^-?[0-9]+\.[0-9]{2}$/)
  .meta({ id: 'Money', description: 'Points, signed, always with two fractional digits.', examples: ['100.00'] });

/**
 * The instants a request may name: years 1970 to 9999 in UTC, once its offset is applied.
 * Every one has four digits in ISO 8601, in PostgreSQL and in a plain-text ledger journal,
 * and none precedes the Unix epoch the exports count from.
 */
export const INSTANT_MIN = new Date('1970-01-01T00:00:00.000Z');
export const INSTANT_MAX = new Date('9999-12-31T23:59:59.999Z');

export function isWithinInstantRange(instant: Date): boolean {
  const ms = instant.getTime();
  return ms >= INSTANT_MIN.getTime() && ms <= INSTANT_MAX.getTime();
}

const Rfc3339 = z.iso
  .datetime({ offset: true })
  // The ledger keeps milliseconds; a finer bound would be cut silently and move a boundary.
  .regex(/^[^.]*(\.[0-9]{1,3})?(Z|[+-][0-9]{2}:?[0-9]{2})$/i, 'at most millisecond precision (3 fractional digits)');

/** An instant in a request. A string that is no date at all is left to the format check. */
export const Timestamp = Rfc3339.refine((v) => Number.isNaN(Date.parse(v)) || isWithinInstantRange(new Date(v)), {
  message: 'must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z once its offset is applied',
}).meta({
  id: 'Timestamp',
  format: 'date-time',
  description: 'RFC 3339 date-time with at most millisecond precision, from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z once its offset is applied.',
  examples: ['2026-11-27T08:30:00.000Z'],
});

/**
 * An instant in an answer: in UTC with milliseconds. Not bounded like a request's, so that
 * whatever the ledger already holds can always be read back.
 */
export const TimestampOut = Rfc3339.meta({
  id: 'TimestampOut',
  format: 'date-time',
  description: 'RFC 3339 date-time in UTC with milliseconds.',
  examples: ['2026-11-27T08:30:00.000Z'],
});

export const AccountId = z
  .string()
  .regex(/^acct_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an account id (acct_…)')
  .meta({ id: 'AccountId', examples: ['acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P'] });

export const TransactionId = z
  .string()
  .regex(/^txn_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a transaction id (txn_…)')
  .meta({ id: 'TransactionId' });

export const Metadata = z
  .record(
    z.string().min(1).max(64),
    z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]),
  )
  .refine((m) => Object.keys(m).length <= METADATA_KEYS_MAX, { message: `at most ${METADATA_KEYS_MAX} keys` })
  .meta({ id: 'Metadata', description: 'Free-form labels of the caller: up to 50 keys of short scalar values.' });

export const Description = z.string().trim().min(1).max(DESCRIPTION_LENGTH_MAX);
export const Reference = z.string().min(1).max(REFERENCE_LENGTH_MAX);

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
  cursor: z.string().min(1).max(400).optional(),
};

export const ProblemCodeSchema = z.enum(PROBLEM_CODES).meta({
  id: 'ProblemCode',
  description: `The stable code of a problem; each has one HTTP status: ${PROBLEM_CODES.map((c) => `\`${c}\` ${PROBLEMS[c].status}`).join(', ')}. Each operation lists the codes it can answer in \`x-problem-codes\`.`,
});

export const Problem = z
  .object({
    type: z.string().describe('`urn:timebank-ledger:problem:<code>`'),
    title: z.string().describe("The code's fixed title"),
    status: z.number().int().min(400).max(599),
    detail: z.string().describe('What went wrong in this case, in words'),
    code: ProblemCodeSchema,
    instance: z.string().describe("The request's id, also in the X-Request-Id header: quote it when reporting a problem"),
    errors: z
      .array(z.object({ path: z.string().describe('The field, as `amount` or `entries.0.amount`'), message: z.string() }))
      .optional()
      .describe('What was wrong with each field (validation_failed)'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, with a stable `code`.', examples: [problemExample('insufficient_funds')] });

/**
 * The problem codes a route's schema lists in its responses (`problems(...)`), read by the
 * OpenAPI documentation hook (src/http/documentation.ts) for the operation's `x-problem-codes`.
 */
export const PROBLEM_CODES_OF = Symbol('problemCodes');

/**
 * The error answers of a route, by the codes it can answer: one problem+json response per
 * status. The codes every route shares (authentication, rate limits, a database outage, a
 * body that is not JSON, an internal error) are added by src/http/documentation.ts.
 * A status instead of a code (`problems(400, 404)`, the older spelling) stands for every
 * code of that status: name the codes instead, so the document says which.
 */
export function problems(...answers: (ProblemCode | number)[]) {
  const codes = [...new Set(answers.flatMap((a) => (typeof a === 'number' ? codesWithStatus(a) : [a])))];
  const statuses = [...new Set(codes.map((code) => PROBLEMS[code].status))];
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: 'Problem details',
        content: { 'application/problem+json': { schema: Problem } },
        [PROBLEM_CODES_OF]: codes.filter((code) => PROBLEMS[code].status === status),
      },
    ]),
  );
}

/** A page of a list: the rows, and the cursor of the next page or null at the end. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x20-\x7e]{1,255}$/, 'must be 1-255 printable ASCII characters')
    .optional()
    .describe('Retry-safe key: the same key and body answer the first response again.'),
});
