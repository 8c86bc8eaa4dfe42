import { createHash } from 'node:crypto';

/**
 * RFC 8785 (JCS) canonical JSON: object keys sorted by UTF-16 code units, no whitespace,
 * strings and numbers as ECMAScript's JSON.stringify writes them. Any JCS library (Python
 * `jcs`, Go `jsoncanonicalizer`, ...) produces the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const GENESIS_HASH = '0'.repeat(64);

/** What a transaction's hash covers: everything recorded about it, nothing derived later. */
export interface HashedContent {
  seq: string;
  id: string;
  kind: string;
  occurredAt: string;
  recordedAt: string;
  description: string | null;
  reference: string | null;
  category: string | null;
  reversesTransactionId: string | null;
  holdId: string | null;
  metadata: unknown;
  receipt: unknown;
  postedBy: { keyId: string | null; role: string | null };
  /** Sorted by accountId, then amount as text. */
  entries: { accountId: string; amount: string }[];
}

/** hash = hex(SHA-256(UTF-8(prevHash + canonicalJson(content)))) */
export function chainHash(prevHash: string, content: HashedContent): string {
  return createHash('sha256').update(prevHash + canonicalJson(content), 'utf8').digest('hex');
}
