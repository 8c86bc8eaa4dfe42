/** A NUL, or a UTF-16 surrogate without its other half. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a string cannot be kept as text, or undefined when it can. PostgreSQL text cannot
 * hold NUL, and a lone surrogate is not Unicode: stored, it would turn into U+FFFD while the
 * answer echoed the original, and jsonb refuses it outright.
 */
export function unstorable(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (!found) return undefined;
  return found[0] === '\u0000' ? 'must not contain NUL (U+0000)' : 'must be well-formed Unicode (no lone surrogate)';
}
