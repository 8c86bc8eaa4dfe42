import { type SQL, sql } from 'drizzle-orm';

/**
 * Timestamps leave the database as RFC 3339 strings with milliseconds in UTC, and bigints
 * as text, so both drivers hand back the same shapes and no amount passes through a number.
 */
export const iso = (column: SQL) =>
  sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A PostgreSQL array literal, quoted element by element (null as NULL), for passing a list
 * as one parameter (drizzle would otherwise expand a JavaScript array into a list of
 * parameters).
 */
export const arrayLiteral = (values: readonly (string | null)[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
