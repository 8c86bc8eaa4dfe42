import { LedgerError } from '../ledger/errors.js';
import { unstorable } from '../ledger/text.js';

/**
 * Opaque page cursors: base64url of a small JSON object. Clients must not build them, so the
 * shape can change without breaking anyone; a cursor that does not decode is a 400.
 */
export function encodeCursor(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, keys: readonly string[]): Record<string, string> {
  const invalid = () => new LedgerError('validation_failed', 'the cursor is not one this API issued', [{ path: 'cursor', message: 'invalid cursor' }]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!value || typeof value !== 'object') throw invalid();
  const out: Record<string, string> = {};
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    // A tampered value must fail here, not in the database: NUL alone makes PostgreSQL throw.
    if (typeof v !== 'string' || v.length === 0 || v.length > 200 || unstorable(v)) throw invalid();
    out[key] = v;
  }
  return out;
}

/** Asks for one row more than the page, to know whether a next page exists without counting. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => string): { data: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { data: rows, nextCursor: null };
  const data = rows.slice(0, limit);
  return { data, nextCursor: cursorOf(data[data.length - 1] as T) };
}
