/**
 * The ledger's own SQLSTATEs (class LD), raised by the functions and triggers in sql/: one
 * table for the SQL and the TypeScript, one meaning per code. `problem` is the stable API
 * code a refusal becomes, with its HTTP status; `internal` (500) marks a guard that only a
 * bug or hand-typed SQL can trip, since the service's own checks refuse such requests
 * first. `raisedBy` names the functions that raise the code: test/db/error-codes.test.ts
 * holds sql/ to this table, so a code given a second meaning shows up there. A retired code
 * is never given out again.
 *
 * `problem` is one of the domain's LedgerErrorCodes, spelled out because src/db sits below
 * the domain and may not import it: src/services/db-refusals.ts, which turns a code into the
 * domain's refusal, only compiles while every problem named here is one of them.
 */
export interface LedgerSqlstate {
  meaning: string;
  problem: string;
  status: number;
  raisedBy: readonly string[];
  /** The migration since which nothing raises it, and what it meant. */
  retired?: string;
}

export const LEDGER_SQLSTATES = {
  LD001: {
    meaning: 'a recorded row was to be changed or removed: the journal is append-only, and an account is never deleted nor changes its id, kind or balance rows',
    problem: 'internal',
    status: 500,
    raisedBy: ['ledger_forbid_change', 'ledger_account_identity'],
  },
  LD002: {
    meaning: 'a transaction has fewer than two entries, or its entries do not sum to zero',
    problem: 'internal',
    status: 500,
    raisedBy: ['ledger_check_balanced', 'ledger_post_batch'],
  },
  LD003: {
    meaning: "a debit exceeds the member's or merchant's available points (balance less pending holds)",
    problem: 'insufficient_funds',
    status: 422,
    raisedBy: ['ledger_post_batch'],
  },
  LD004: {
    meaning: 'an account is frozen or closed and takes no new entries',
    problem: 'account_not_active',
    status: 422,
    raisedBy: ['ledger_post_batch', 'ledger_apply_entries'],
  },
  LD005: {
    meaning: 'an account of a posting does not exist',
    problem: 'not_found',
    status: 404,
    raisedBy: ['ledger_post_batch'],
  },
  LD006: {
    meaning: 'an entry names a balance row its account does not have',
    problem: 'internal',
    status: 500,
    raisedBy: ['ledger_apply_entries'],
  },
  LD007: {
    meaning: 'an account is not of a kind its leg allows (DETAIL: the leg, from 1)',
    problem: 'validation_failed',
    status: 400,
    raisedBy: ['ledger_post_batch'],
  },
  LD008: {
    meaning: 'a batched debit from an account of several balance rows',
    problem: 'internal',
    status: 500,
    raisedBy: [],
    retired: '0011: ledger_post_batch gathers such an account itself',
  },
  LD009: {
    meaning: 'a leg may not take effect when the posting is dated: a debit dated before its recording, or a credit before its account was opened',
    problem: 'validation_failed',
    status: 400,
    raisedBy: ['ledger_post_batch'],
  },
  LD010: {
    meaning: 'an entry joins a transaction not written by the same database transaction (legs added to recorded history)',
    problem: 'internal',
    status: 500,
    raisedBy: ['ledger_apply_entries'],
  },
  LD011: {
    meaning: 'a posting call is malformed: no postings, no time, or legs not listed posting by posting',
    problem: 'internal',
    status: 500,
    raisedBy: ['ledger_post_batch'],
  },
  LD012: {
    meaning: 'a balance row was to change other than by an entry of the journal, or be removed',
    problem: 'internal',
    status: 500,
    raisedBy: ['ledger_guard_balance_row'],
  },
  LD013: {
    meaning: 'a batch of certified earnings would exceed an issuance budget (DETAIL: the budget, its limit, issued and the batch)',
    problem: 'budget_exceeded',
    status: 422,
    raisedBy: ['ledger_charge_budget'],
  },
} as const satisfies Record<string, LedgerSqlstate>;

export type LedgerSqlstateCode = keyof typeof LEDGER_SQLSTATES;

/** One entry as written above, its problem code a literal. */
export type LedgerSqlstateEntry = (typeof LEDGER_SQLSTATES)[LedgerSqlstateCode];

/** The registry's entry for a SQLSTATE, when it is one of the ledger's own (and in use). */
export function ledgerSqlstate(code: string | undefined): (LedgerSqlstateEntry & { code: LedgerSqlstateCode }) | undefined {
  if (code === undefined || !Object.hasOwn(LEDGER_SQLSTATES, code)) return undefined;
  const entry = LEDGER_SQLSTATES[code as LedgerSqlstateCode];
  return 'retired' in entry ? undefined : { ...entry, code: code as LedgerSqlstateCode };
}
