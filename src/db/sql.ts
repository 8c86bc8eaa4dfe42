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

/** A column's value as the repositories read it: timestamps and bigints as text (see iso above). */
type Read<V> = V extends Date ? string : V extends bigint ? string : V;

/**
 * A row of a drizzle table as the repositories hand it out: every column as its schema
 * types it, but timestamps as RFC 3339 text and bigints as decimal text. Row types are
 * derived from src/db/schema.ts this way, so a column changed there changes them too.
 */
export type RowOf<T> = { [K in keyof T]: Read<T[K]> };
