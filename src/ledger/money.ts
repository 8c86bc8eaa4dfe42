/**
 * Amounts are integers of hundredths of a point ("minor units", fen). They travel as
 * decimal strings so that no JavaScript number ever holds one.
 */

/** The largest amount one request may move: 100,000,000.00 points. */
export const AMOUNT_MAX_MINOR = 10_000_000_000n;

/** Unsigned: no sign, no leading zeros, no exponent, at most two fractional digits. */
export const AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?$/;
/** Signed, for the entries of an adjustment. */
export const SIGNED_AMOUNT_PATTERN = /^-?(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?$/;

/** Parses a decimal string that already matched one of the patterns above. */
export function toMinor(text: string): bigint {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const [whole = '0', fraction = ''] = body.split('.');
  const minor = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -minor : minor;
}

/** Renders minor units as "12.50" / "-0.05", always with two fractional digits. */
export function formatMinor(minor: bigint): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** True when `text` is a positive request amount within the per-request ceiling. */
export function isValidAmount(text: string): boolean {
  if (!AMOUNT_PATTERN.test(text)) return false;
  const minor = toMinor(text);
  return minor > 0n && minor <= AMOUNT_MAX_MINOR;
}

/** True when `text` is a non-zero signed amount whose magnitude is within the ceiling. */
export function isValidSignedAmount(text: string): boolean {
  if (!SIGNED_AMOUNT_PATTERN.test(text)) return false;
  const minor = toMinor(text);
  const abs = minor < 0n ? -minor : minor;
  return abs > 0n && abs <= AMOUNT_MAX_MINOR;
}
