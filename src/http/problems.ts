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
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

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
