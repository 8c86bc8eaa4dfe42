/** The stable error codes of the v1 contract, their statuses and titles: one table, one edge. */
export const PROBLEMS = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'This key may not do that' },
  not_found: { status: 404, title: 'Not found' },
  request_timeout: { status: 408, title: 'The request took too long to arrive' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  idempotency_key_in_flight: { status: 409, title: 'A request with this Idempotency-Key is still running' },
  hold_not_pending: { status: 409, title: 'The hold is no longer pending' },
  precondition_failed: { status: 412, title: 'The resource has changed since it was read' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  uri_too_long: { status: 414, title: 'The URL is too long' },
  unsupported_media_type: { status: 415, title: 'The request body must be application/json' },
  insufficient_funds: { status: 422, title: 'Not enough available points' },
  account_not_active: { status: 422, title: 'The account is frozen or closed' },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was used with another request' },
  reversal_exceeds_original: { status: 422, title: 'The reversals would exceed the original transaction' },
  certified_category: { status: 422, title: 'Points of this category are earned through certified activities' },
  already_certified: { status: 409, title: 'This certifier has already decided this claim' },
  conflict_of_interest: { status: 403, title: 'Nobody certifies their own points or their own activity' },
  claim_not_open: { status: 409, title: 'The claim is not in a state that allows this' },
  notice_closed: { status: 422, title: 'The public notice window has ended' },
  objection_decided: { status: 409, title: 'The objection is already decided' },
  claim_already_posted: { status: 409, title: 'The claim is already posted' },
  budget_exceeded: { status: 422, title: 'The batch would exceed an issuance budget' },
  rate_limited: { status: 429, title: 'Too many requests' },
  headers_too_large: { status: 431, title: 'The request headers are too large' },
  internal: { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'The database is not available' },
  busy: { status: 503, title: 'The service is busy' },
  shutting_down: { status: 503, title: 'This instance of the service is shutting down' },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

/** Every code the service answers with, in the registry's order: the OpenAPI document's ProblemCode enum. */
export const PROBLEM_CODES = Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]];

/** The codes answered with one HTTP status. */
export function codesWithStatus(status: number): ProblemCode[] {
  return PROBLEM_CODES.filter((code) => PROBLEMS[code].status === status);
}

/**
 * A realistic `detail` per code, for the OpenAPI document's examples (each one is what the
 * service says in some case, so a client author sees the real wording).
 */
export const PROBLEM_EXAMPLE_DETAILS: Record<ProblemCode, string> = {
  validation_failed: 'the body is not valid',
  unauthorized: 'send an API key as Authorization: Bearer <key>',
  forbidden: 'a cashier key may not call this route',
  not_found: 'account acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P does not exist',
  request_timeout: 'the request did not arrive in time',
  conflict: 'an account with code R-0001 already exists',
  idempotency_key_in_flight: 'a request with this Idempotency-Key is still running; retry when it has finished',
  hold_not_pending: 'hold hold_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P is captured, not pending',
  precondition_failed: 'the account has changed since it was read (If-Match); read it again',
  payload_too_large: 'the request body exceeds the size limit',
  uri_too_long: 'a path segment is longer than any this API takes',
  unsupported_media_type: 'send the body as application/json',
  insufficient_funds: 'account acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P does not have enough available points',
  account_not_active: 'account acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P is frozen or closed and takes no new entries',
  idempotency_key_reused: 'this Idempotency-Key was used with a different request',
  reversal_exceeds_original: 'only 12.50 of transaction txn_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P is left to reverse',
  certified_category: 'points of category duty_shift are earned through certified activities (POST /v1/activities), not credited directly',
  already_certified: 'this key has already decided claim clm_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P',
  conflict_of_interest: 'claim clm_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P pays the member who holds this certifier key',
  claim_not_open: 'activity act_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P has no claim waiting for certifiers',
  notice_closed: 'the public notice of claim clm_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P ended at 2026-11-30T16:00:00.000Z; objections are no longer taken',
  objection_decided: 'objection obj_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P is already upheld',
  claim_already_posted: 'activity act_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P has no certified claim left to post',
  budget_exceeded: 'the batch would take category public_labour in estate lanhu-3 past its budget for 2026-11',
  rate_limited: 'this key is sending requests too fast; retry later',
  headers_too_large: 'the request line and headers exceed the size limit',
  internal: 'an internal error occurred; quote 6f1c2a4e-8d0b-4b7e-9a51-3c2d7e9f0a12 when reporting it',
  unavailable: 'the database is not available; retry in a moment (with the same Idempotency-Key)',
  busy: 'the service is busy; nothing was written, retry in a moment',
  shutting_down: 'this instance is shutting down; the request was not started, retry in a moment',
};

/** An example problem answer of a code: what the document shows per status. */
export function problemExample(code: ProblemCode): ProblemBody {
  return problem(
    code,
    PROBLEM_EXAMPLE_DETAILS[code],
    '6f1c2a4e-8d0b-4b7e-9a51-3c2d7e9f0a12',
    code === 'validation_failed' ? [{ path: 'amount', message: 'must be a decimal string with at most 2 fractional digits, no sign or exponent' }] : undefined,
  );
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance: string;
  errors?: { path: string; message: string }[];
}

export function problem(
  code: ProblemCode,
  detail: string,
  requestId: string,
  errors?: { path: string; message: string }[],
): ProblemBody {
  const { status, title } = PROBLEMS[code];
  return {
    type: `urn:timebank-ledger:problem:${code}`,
    title,
    status,
    detail,
    code,
    instance: requestId,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}
