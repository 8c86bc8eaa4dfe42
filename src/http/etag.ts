import { createHash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical.js';

/**
 * A strong entity tag of a JSON representation: a digest of its canonical form, so it
 * changes with anything the representation shows (a balance, held points, a name) and with
 * nothing else. No version column needed: the representation is the version. Only for
 * answers sent as they are (never content-coded), as a strong tag names exact bytes.
 */
export function etagOf(representation: unknown): string {
  return `"${createHash('sha256').update(canonicalJson(representation)).digest('base64url').slice(0, 32)}"`;
}

/** The entity tags of an If-Match or If-None-Match header; `*` alone is `'*'`. */
function listed(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  return header.match(/(W\/)?"[\x21\x23-\x7e\x80-\xff]*"/g) ?? [];
}

/**
 * If-None-Match (RFC 9110, 13.1.2) holds, i.e. the client's copy is current: weak
 * comparison, so `W/"x"` matches `"x"`.
 */
export function noneMatchIsCurrent(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = listed(header);
  if (tags === '*') return true;
  return tags.some((tag) => tag.replace(/^W\//, '') === etag);
}

/**
 * If-Match (RFC 9110, 13.1.1) as a test of the current representation: strong comparison,
 * so a weak tag never matches. Undefined without the header: the write is unconditional.
 */
export function ifMatch(header: string | undefined): ((current: unknown) => boolean) | undefined {
  if (header === undefined) return undefined;
  const tags = listed(header);
  if (tags === '*') return () => true;
  return (current) => tags.includes(etagOf(current));
}
