import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, type Client } from './app.js';
import type { T } from './contract.js';
import { cloneDatabase, dropDatabase } from './database.js';

/**
 * Helpers of the audit, statement and report tests: external tools (hledger, Chromium),
 * apps on a database of their own, CSV parsed independently of src/ (amounts: contract.ts).
 */

/* ------------------------------------------------------------------ external tools */

/** Set to 1 to let a machine without hledger or Chromium skip (visibly) the tests needing them. */
export const ALLOW_MISSING_TOOLS = process.env.ALLOW_MISSING_TOOLS === '1';

/** What the audit tests need installed, and how CI installs it. */
export const TOOLS = {
  hledger: { name: 'hledger', install: 'apt-get install -y hledger' },
  chromium: { name: 'chromium', install: 'apt-get install -y chromium (driven by the dev dependency playwright-core, which never downloads a browser)' },
  python3: { name: 'python3', install: "apt-get install -y python3 (runs the README's verify.py)" },
} as const;

export type ToolName = keyof typeof TOOLS;

/** The executable's path: an absolute override, or the first match on PATH. */
export function findExecutable(name: string, override?: string): string | undefined {
  const candidates = override ? [override] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The path of a tool the file's tests need. Missing, the file FAILS, saying what to install,
 * unless ALLOW_MISSING_TOOLS=1: then it says so and records an explicit skip, which tap
 * reports as a skip, never as a pass.
 */
export function requireTool(t: T, tool: ToolName, override?: string): string | undefined {
  const { name, install } = TOOLS[tool];
  const found = findExecutable(name, override);
  if (found) return found;
  const where = override ? `at ${override}` : 'on PATH';
  if (ALLOW_MISSING_TOOLS) {
    t.comment(`${name} was not found ${where}; ALLOW_MISSING_TOOLS=1, so the tests that need it do NOT run and do not pass. Install: ${install}`);
    t.skip(`tests needing ${name}: not run, ${name} is not installed (${install})`, () => {});
    return undefined;
  }
  t.fail(`${name} was not found ${where}. These tests need it, and CI must install it: ${install}. Or set ALLOW_MISSING_TOOLS=1 to skip them explicitly.`);
  return undefined;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; a non-zero exit is a result, not an exception. */
export function run(file: string, args: string[], timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs, env: { ...process.env, LANG: 'C.UTF-8' } }, (error, stdout, stderr) => {
      if (error && typeof (error as { code?: unknown }).code !== 'number') {
        reject(error);
        return;
      }
      resolve({ code: error ? Number((error as { code: number }).code) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/* --------------------------------------------------------- apps on their own database */

export interface IsolatedApp {
  app: FastifyInstance;
  /** The isolated database, for a second session of a test's own. */
  databaseUrl: string;
  /** Closes the app and drops its database. */
  close(): Promise<void>;
}

/**
 * An app on a fresh database nobody else writes to, not even the other apps of its test
 * file: a copy of the run's migrated template, dropped by close(). Lets a test tamper with
 * stored rows or count sequence numbers from 1.
 */
export async function isolatedApp(env: Record<string, string> = {}): Promise<IsolatedApp> {
  const url = await cloneDatabase();
  let app: FastifyInstance;
  try {
    app = await buildTestApp({ ...env, DATABASE_URL: url });
  } catch (error) {
    await dropDatabase(url);
    throw error;
  }
  return {
    app,
    databaseUrl: url,
    async close() {
      await app.close();
      await dropDatabase(url);
    },
  };
}

/* ------------------------------------------------------------------------ randomness */

/** A seeded PRNG (mulberry32): a failing run can be replayed with AUDIT_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedFromEnv(): number {
  const given = Number(process.env.AUDIT_SEED);
  return Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
}

/* ------------------------------------------------------------------------------- CSV */

/** RFC 4180: quoted fields with "" escapes, commas and line breaks inside quotes; CRLF or LF rows. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i += 1;
    } else {
      field += ch;
      i += 1;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return out;
}

/** Rows of a CSV with a header, as objects keyed by the header's names. */
export function csvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const [header, ...rest] = parseCsv(text);
  if (!header) throw new Error('CSV without a header');
  const records = rest.map((r) => {
    if (r.length !== header.length) throw new Error(`CSV row has ${r.length} fields, the header ${header.length}: ${JSON.stringify(r)}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i] as string]));
  });
  return { header, records };
}

/* ------------------------------------------------------------------------ API helpers */

/** POSTs and insists on 201: the tests' own postings must go through. */
export async function post201<T = Record<string, unknown>>(c: Client, url: string, body: unknown): Promise<T> {
  const res = await c.post(url, body);
  if (res.statusCode !== 201) throw new Error(`POST ${url} ${JSON.stringify(body)} -> ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

export interface JournalLine {
  seq: string;
  id: string;
  kind: string;
  occurredAt: string;
  recordedAt: string;
  entries: { accountId: string; amount: string }[];
  hash: string;
  prevHash: string;
  [key: string]: unknown;
}

/** The jsonl journal export as parsed lines (every line must be a JSON object). */
export async function journalJsonl(c: Client, query = ''): Promise<JournalLine[]> {
  const res = await c.get(`/v1/journal?format=jsonl${query}`);
  if (res.statusCode !== 200) throw new Error(`journal export -> ${res.statusCode} ${res.body}`);
  return res.body
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as JournalLine);
}
