import t from 'tap';
import { decodeCursor, encodeCursor, pageOf } from '../../src/services/cursor.js';
import { LedgerError } from '../../src/ledger/errors.js';
import { statementPosition } from '../../src/services/statements.js';
import type { T } from '../helpers/contract.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** Asserts that decoding refuses with validation_failed at path "cursor". */
function expectRefused(t: T, cursor: string, keys: readonly string[], what: string, decode: (cursor: string, keys: readonly string[]) => unknown = decodeCursor) {
  try {
    decode(cursor, keys);
    t.fail(`${what}: decoded, but must be refused`);
  } catch (error) {
    t.ok(error instanceof LedgerError, `${what}: a LedgerError`);
    const e = error as LedgerError;
    t.equal(e.code, 'validation_failed', `${what}: validation_failed`);
    t.same(e.errors?.map((x) => x.path), ['cursor'], `${what}: at path "cursor"`);
  }
}

t.test('encodeCursor and decodeCursor round-trip', async (t) => {
  const position = { id: 'txn_01M8DK336KPJ8QDJ7PWENHCWRB', at: '2026-11-27T08:30:00.000Z' };
  const cursor = encodeCursor(position);
  t.match(cursor, /^[A-Za-z0-9_-]+$/, 'URL-safe: base64url without padding');
  t.same(decodeCursor(cursor, ['id', 'at']), position, 'decodes to the position');
  t.same(decodeCursor(cursor, ['id']), { id: position.id }, 'only the asked keys are returned');
  t.not(encodeCursor({ id: 'a' }), encodeCursor({ id: 'b' }), 'different positions, different cursors');
  const unicode = { id: '张三-1' };
  t.same(decodeCursor(encodeCursor(unicode), ['id']), unicode, 'UTF-8 survives');
});

t.test('cursors that were not issued are refused with validation_failed', async (t) => {
  const keys = ['id'];
  expectRefused(t, '', keys, 'empty');
  expectRefused(t, '!!!', keys, 'not base64');
  expectRefused(t, 'garbage', keys, 'base64 of garbage');
  expectRefused(t, b64('{"id":'), keys, 'truncated JSON');
  expectRefused(t, b64('null'), keys, 'null');
  expectRefused(t, b64('42'), keys, 'a number');
  expectRefused(t, b64('"acct_x"'), keys, 'a string');
  expectRefused(t, b64('[]'), keys, 'an array');
  expectRefused(t, b64('["acct_x"]'), keys, 'an array with a value');
  expectRefused(t, b64('{}'), keys, 'missing key');
  expectRefused(t, b64('{"ID":"x"}'), keys, 'wrong key');
  expectRefused(t, b64('{"id":5}'), keys, 'a number value');
  expectRefused(t, b64('{"id":null}'), keys, 'a null value');
  expectRefused(t, b64('{"id":["x"]}'), keys, 'an array value');
  expectRefused(t, b64('{"id":""}'), keys, 'an empty value');
  expectRefused(t, b64(JSON.stringify({ id: 'x'.repeat(201) })), keys, 'a value of 201 characters');
  expectRefused(t, encodeCursor({ id: 'x' }), ['id', 'at'], 'a cursor missing one of several keys');
  // Values the database cannot take as text must fail here, as a 400, not there as a 500.
  expectRefused(t, b64(JSON.stringify({ id: 'a\u0000' })), keys, 'a NUL in a value');
  expectRefused(t, b64(JSON.stringify({ id: '\ud800' })), keys, 'a lone surrogate in a value');
  t.same(decodeCursor(b64(JSON.stringify({ id: 'x'.repeat(200) })), keys), { id: 'x'.repeat(200) }, 'a value of 200 characters is fine');
});

t.test('pageOf: one row more than the limit means a next page', async (t) => {
  const cursorOf = (n: number) => encodeCursor({ id: String(n) });
  t.same(pageOf([], 3, cursorOf), { data: [], nextCursor: null }, 'empty');
  t.same(pageOf([1, 2], 3, cursorOf), { data: [1, 2], nextCursor: null }, 'fewer than the limit');
  t.same(pageOf([1, 2, 3], 3, cursorOf), { data: [1, 2, 3], nextCursor: null }, 'exactly the limit: no next page');
  const more = pageOf([1, 2, 3, 4], 3, cursorOf);
  t.same(more.data, [1, 2, 3], 'the extra row is not shown');
  t.equal(more.nextCursor, cursorOf(3), 'the cursor is that of the last row shown');
  t.same(decodeCursor(more.nextCursor as string, ['id']), { id: '3' }, 'and decodes to it');
});

t.test('statementPosition: only a position the API could have issued', async (t) => {
  const at = '2026-11-27T08:30:00.000Z';
  t.same(statementPosition(encodeCursor({ t: at, e: '42' })), { occurredAt: at, entryId: '42' }, 'an issued cursor');
  t.same(statementPosition(encodeCursor({ t: '0999-06-01T00:00:00.000Z', e: '1' })).occurredAt, '0999-06-01T00:00:00.000Z', 'an old line on file still pages');
  t.same(statementPosition(encodeCursor({ t: at, e: '9223372036854775807' })).entryId, '9223372036854775807', 'the largest entry id');
  const position = (cursor: string) => statementPosition(cursor);
  const refused: [string, Record<string, string>][] = [
    ['t that is no date', { t: '1', e: '1' }],
    ['no t', { e: '9223372036854775808' }],
    ['e past int64', { t: at, e: '9223372036854775808' }],
    ['e of 20 digits', { t: at, e: '99999999999999999999' }],
    ['e negative', { t: at, e: '-1' }],
    ['year 0', { t: '0000-01-01T00:00:00.000Z', e: '1' }],
    ['no such day', { t: '2026-02-30T00:00:00.000Z', e: '1' }],
    ['not in the issued form', { t: '2026-11-27T08:30:00Z', e: '1' }],
    ['an offset', { t: '2026-11-27T08:30:00.000+08:00', e: '1' }],
  ];
  for (const [what, value] of refused) expectRefused(t, encodeCursor(value), [], what, position);
});
