import type { LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import type { Client } from './app.js';

/**
 * Assertions on the v1 contract, shared by every test that judges an answer: the problem
 * shape, amounts, ids and the views the API answers. Nothing here reads src/: the tests
 * judge the service only by what it answers, and parse amounts on their own, independently
 * of src/ledger/money.ts.
 */

/** A tap test object: the root `t` or a subtest. */
export type T = Test;

/** What every amount the API answers looks like: signed, exactly two fractional digits. */
export const MONEY = /^-?(0|[1-9][0-9]*)\.[0-9]{2}$/;
/** What every timestamp the API answers looks like: UTC, milliseconds. */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const ACCOUNT_ID = /^acct_[0-9A-HJKMNP-TV-Z]{26}$/;
export const TRANSACTION_ID = /^txn_[0-9A-HJKMNP-TV-Z]{26}$/;
export const HOLD_ID = /^hold_[0-9A-HJKMNP-TV-Z]{26}$/;

/** A well-formed id that no account has (the time part is far in the future). */
export const MISSING_ACCOUNT_ID = 'acct_ZZZZZZZZZZ0000000000000000';
export const MISSING_TRANSACTION_ID = 'txn_ZZZZZZZZZZ0000000000000000';

/** Minor units of an answered amount, parsed independently of src/ledger/money.ts. */
export function minor(amount: string): bigint {
  if (!MONEY.test(amount)) throw new Error(`not an answered amount: ${JSON.stringify(amount)}`);
  return BigInt(amount.replace('.', ''));
}

/** Minor units as the API answers them: "12.50", "-0.05". */
export function money(minorUnits: bigint): string {
  const negative = minorUnits < 0n;
  const abs = negative ? -minorUnits : minorUnits;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

let categoryCounter = 0;
/** A category code (lower case, at most 32) no other test file sharing the database uses. */
export function uniqueCategoryCode(prefix = 'c'): string {
  categoryCounter += 1;
  const code = `${prefix}_${process.pid.toString(36)}_${Date.now().toString(36)}_${categoryCounter}`;
  if (code.length > 32) throw new Error(`category code too long: ${code}`);
  return code;
}

export interface ProblemExpectation {
  /** The distinct errors[].path values expected, exactly (order free). */
  paths?: string[];
  /** Says which request this is, in front of every assertion's message. */
  label?: string;
}

/**
 * Asserts an RFC 9457 answer of the contract: the status, the problem+json media type, every
 * member, the stable code, that `instance` is the request id sent back in x-request-id, and
 * (when given) the exact set of errors[].path values. The one problem check of the suite.
 */
export function expectProblem(
  t: T,
  res: LightMyRequestResponse,
  status: number,
  code: string,
  expectation: ProblemExpectation = {},
): Record<string, unknown> {
  const at = expectation.label ? `${expectation.label}: ` : '';
  t.equal(res.statusCode, status, `${at}status ${status} (${code}); body: ${res.body.slice(0, 300)}`);
  t.match(String(res.headers['content-type']), /^application\/problem\+json/, `${at}content-type is application/problem+json`);
  let body: Record<string, unknown>;
  try {
    body = res.json();
  } catch {
    t.fail(`${at}the problem body is not JSON: ${res.body.slice(0, 200)}`);
    return {};
  }
  t.equal(body.code, code, `${at}code is ${code}`);
  t.equal(body.status, status, `${at}status member equals the HTTP status`);
  t.type(body.type, 'string', `${at}type is a string`);
  t.ok(typeof body.type === 'string' && body.type.length > 0, `${at}type is not empty`);
  t.ok(typeof body.title === 'string' && body.title.length > 0, `${at}title is a non-empty string`);
  t.ok(typeof body.detail === 'string' && body.detail.length > 0, `${at}detail is a non-empty string`);
  const requestId = res.headers['x-request-id'];
  t.ok(typeof requestId === 'string' && requestId.length > 0, `${at}x-request-id header is set`);
  t.equal(body.instance, requestId, `${at}instance equals the x-request-id header`);
  if (expectation.paths) {
    const errors = body.errors as { path: unknown; message: unknown }[] | undefined;
    t.ok(Array.isArray(errors) && errors.length > 0, `${at}errors[] lists what is wrong`);
    if (Array.isArray(errors)) {
      for (const e of errors) {
        t.ok(typeof e.message === 'string' && e.message.length > 0, `${at}errors[] entry for ${String(e.path)} has a message`);
      }
      const paths = [...new Set(errors.map((e) => e.path))].sort();
      t.same(paths, [...expectation.paths].sort(), `${at}errors[].path is ${expectation.paths.join(', ')}`);
    }
  }
  return body;
}

export interface AccountView {
  id: string;
  code: string;
  name: string;
  kind: string;
  status: string;
  balance: string;
  held: string;
  available: string;
  metadata: Record<string, unknown>;
  createdAt: string;
}

export async function getAccount(c: Client, id: string): Promise<AccountView> {
  const res = await c.get(`/v1/accounts/${id}`);
  if (res.statusCode !== 200) throw new Error(`GET account ${id}: ${res.statusCode} ${res.body}`);
  return res.json() as AccountView;
}

export type Balances = Record<string, { balance: string; held: string; available: string }>;

/** balance, held and available of each account, to compare before and after a refusal. */
export async function balances(c: Client, ids: string[]): Promise<Balances> {
  const out: Balances = {};
  for (const id of ids) {
    const a = await getAccount(c, id);
    out[id] = { balance: a.balance, held: a.held, available: a.available };
  }
  return out;
}

/** Asserts that the accounts' balances are what they were: a refused request changed nothing. */
export async function expectUnchanged(t: T, c: Client, before: Balances, what = 'balances unchanged'): Promise<void> {
  t.same(await balances(c, Object.keys(before)), before, what);
}

export interface TransactionView {
  id: string;
  kind: string;
  occurredAt: string;
  recordedAt: string;
  description: string | null;
  reference: string | null;
  category: string | null;
  amount: string;
  entries: { accountId: string; amount: string }[];
  reversesTransactionId: string | null;
  reversedAmount: string;
  holdId: string | null;
  metadata: Record<string, unknown>;
  receipt: unknown;
}

/** Asserts the invariants every transaction answer has: balanced legs in the money format. */
export function expectWellFormedTransaction(t: T, txn: TransactionView): void {
  t.match(txn.id, TRANSACTION_ID, 'id is a txn_ id');
  t.match(txn.occurredAt, TIMESTAMP, 'occurredAt is RFC 3339 UTC with milliseconds');
  t.match(txn.recordedAt, TIMESTAMP, 'recordedAt is RFC 3339 UTC with milliseconds');
  t.ok(Array.isArray(txn.entries) && txn.entries.length >= 2, 'at least two entries');
  for (const e of txn.entries) {
    t.match(e.amount, MONEY, `entry amount ${e.amount} is in the "12.50" form`);
    t.not(minor(e.amount), 0n, 'no entry is zero');
  }
  t.equal(txn.entries.reduce((s, e) => s + minor(e.amount), 0n), 0n, 'entries sum to zero');
  const positive = txn.entries.reduce((s, e) => (minor(e.amount) > 0n ? s + minor(e.amount) : s), 0n);
  t.equal(minor(txn.amount), positive, 'amount is what the transaction moved (sum of its positive legs)');
  t.equal(txn.reversedAmount, '0.00', 'nothing reversed yet');
  t.equal(txn.reversesTransactionId, null, 'reverses nothing');
}

/** The entries of a transaction as a map accountId -> amount, order free. */
export function legs(txn: TransactionView): Record<string, string> {
  return Object.fromEntries(txn.entries.map((e) => [e.accountId, e.amount]));
}

/** Ids of every transaction listed for an account (following cursors). */
export async function transactionIdsOf(c: Client, accountId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const url: string = `/v1/transactions?accountId=${accountId}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await c.get(url);
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
    const body = res.json() as { data: { id: string }[]; nextCursor: string | null };
    ids.push(...body.data.map((d) => d.id));
    cursor = body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('more than 50 pages of transactions');
}

/** The id of an account looked up by its unique code. */
export async function accountIdByCode(c: Client, code: string): Promise<string> {
  const res = await c.get(`/v1/accounts?code=${encodeURIComponent(code)}`);
  const data = (res.json() as { data: { id: string }[] }).data;
  if (res.statusCode !== 200 || data.length !== 1 || !data[0]) throw new Error(`no single account ${code}: ${res.body}`);
  return data[0].id;
}

/** The issuance account of an earning category. */
export async function issuanceAccountOf(c: Client, category: string): Promise<string> {
  const res = await c.get('/v1/categories');
  const found = (res.json() as { data: { code: string; issuanceAccountId: string }[] }).data.find((x) => x.code === category);
  if (!found) throw new Error(`no category ${category}`);
  return found.issuanceAccountId;
}

/** Opens an account of any kind through the API. */
export async function openAccount(
  c: Client,
  kind: 'member' | 'merchant' | 'system',
  code: string,
  extra: Record<string, unknown> = {},
): Promise<AccountView> {
  const res = await c.post('/v1/accounts', { code, name: `${kind} ${code}`, kind, ...extra });
  if (res.statusCode !== 201) throw new Error(`could not open ${kind} ${code}: ${res.statusCode} ${res.body}`);
  return res.json() as AccountView;
}

/** A timestamp `ms` milliseconds from now, RFC 3339 UTC. */
export function fromNow(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/**
 * Request amounts the contract refuses: each must answer 400 validation_failed at path
 * "amount". A request amount is a decimal string, positive, at most 2 fractional digits,
 * at most "100000000.00", with no sign, exponent, blank or leading zero.
 */
export const INVALID_AMOUNTS: [label: string, amount: unknown][] = [
  ['negative', '-5.00'],
  ['negative integer', '-1'],
  ['zero', '0'],
  ['zero with decimals', '0.00'],
  ['zero with one decimal', '0.0'],
  ['three decimals', '1.005'],
  ['three decimals of zeros', '1.000'],
  ['a number', 12],
  ['a fractional number', 12.5],
  ['exponent', '1e3'],
  ['upper-case exponent', '1E2'],
  ['empty string', ''],
  ['leading blank', ' 1'],
  ['trailing blank', '1 '],
  ['leading plus', '+1'],
  ['leading zero', '01'],
  ['leading zeros with decimals', '007.50'],
  ['no integer part', '.5'],
  ['no fraction after the point', '5.'],
  ['too large by a fen', '100000000.01'],
  ['too large', '1000000000'],
  ['Arabic-Indic digits', '١٢'],
  ['full-width digits', '１２'],
  ['full-width digit in the fraction', '12.５'],
  ['decimal comma', '12,50'],
  ['thousands separator', '1,000.00'],
  ['hexadecimal', '0x10'],
  ['Infinity', 'Infinity'],
  ['NaN', 'NaN'],
  ['null', null],
  ['true', true],
  ['an object', { value: '1.00' }],
  ['an array', ['1.00']],
];

/** Request amounts the contract accepts, with the amount they must be answered as. */
export const VALID_AMOUNTS: [sent: string, answered: string][] = [
  ['0.01', '0.01'],
  ['0.5', '0.50'],
  ['7', '7.00'],
  ['12.5', '12.50'],
  ['12.50', '12.50'],
  ['1234.05', '1234.05'],
];
