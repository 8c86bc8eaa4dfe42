/**
 * A part of a formatted date. Intl writes the year as few digits as it has ("999"), which
 * hledger and every ISO 8601 reader refuse: the year is always four digits.
 */
function partOf(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  const value = parts.find((p) => p.type === type)?.value ?? '';
  return type === 'year' ? value.padStart(4, '0') : value;
}

/** A calendar date (YYYY-MM-DD) of an instant in a time zone: what a passbook prints. */
export function localDate(isoInstant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    new Date(isoInstant),
  );
  const get = (type: Intl.DateTimeFormatPartTypes) => partOf(parts, type);
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function localDateTime(isoInstant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(isoInstant));
  const get = (type: Intl.DateTimeFormatPartTypes) => partOf(parts, type);
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
