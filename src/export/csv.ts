/** CSV as Excel and WPS open it: UTF-8 with a byte-order mark, CRLF, RFC 4180 quoting. */

export const BOM = '\uFEFF';

export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  // A leading =, +, - or @ would make a spreadsheet evaluate the cell: neutralise it unless
  // it is a plain number (amounts are signed).
  const guarded = /^[=+\-@\t\r]/.test(value) && !/^-?[0-9]+(\.[0-9]+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function csvRow(values: (string | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
