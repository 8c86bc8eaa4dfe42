/**
 * Helpers for the access-control tests (test/access): API keys of every role, accounts and
 * postings made as the test admin. Problems are checked with contract.ts's expectProblem.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import type { Client } from './app.js';
import { uniqueCode } from './app.js';

export const ROLES = ['admin', 'issuer', 'cashier', 'auditor', 'organiser', 'certifier', 'app'] as const;
export type Role = (typeof ROLES)[number];

/** The random part of every key this suite invents: looks like a real key, is none. */
export function fakeKey(): string {
  return `tbk_${randomBytes(32).toString('base64url')}`;
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

export interface CreatedKey {
  id: string;
  key: string;
  role: Role;
  name: string;
  merchantAccountIds: string[];
  expiresAt: string | null;
}

/** An API key made through POST /v1/api-keys as the test admin. */
export async function createKey(
  admin: Client,
  role: Role,
  options: { merchantAccountIds?: string[]; estates?: string[]; categoryCodes?: string[]; memberAccountId?: string; expiresAt?: string; name?: string } = {},
): Promise<CreatedKey> {
  const body = { name: options.name ?? uniqueCode(`key-${role}`), role, ...options };
  const res = await admin.post('/v1/api-keys', body);
  if (res.statusCode !== 201) throw new Error(`could not create a ${role} key: ${res.statusCode} ${res.body}`);
  return res.json() as CreatedKey;
}

export async function revokeKey(admin: Client, id: string): Promise<void> {
  const res = await admin.request('DELETE', `/v1/api-keys/${id}`);
  if (res.statusCode !== 204) throw new Error(`could not revoke ${id}: ${res.statusCode} ${res.body}`);
}

export interface Opened {
  id: string;
  code: string;
}

/** An account opened as the test admin. */
export async function open(admin: Client, kind: 'member' | 'merchant' | 'system'): Promise<Opened> {
  const code = uniqueCode(kind === 'member' ? 'R-acc' : kind === 'merchant' ? 'S-acc' : 'SYS-acc');
  const res = await admin.post('/v1/accounts', { code, name: `${kind} ${code}`, kind });
  if (res.statusCode !== 201) throw new Error(`could not open a ${kind} account: ${res.statusCode} ${res.body}`);
  return { id: res.json().id as string, code };
}

/** Posts a 2xx-answering write and returns its JSON body; throws with the body otherwise. */
export async function ok<B = Record<string, unknown>>(res: Promise<LightMyRequestResponse>, what: string): Promise<B> {
  const r = await res;
  if (r.statusCode < 200 || r.statusCode > 299) throw new Error(`${what}: ${r.statusCode} ${r.body}`);
  return (r.body ? r.json() : {}) as B;
}

/** A member with points earned (as the test admin). */
export async function fundedMember(admin: Client, amount = '100'): Promise<Opened> {
  const m = await open(admin, 'member');
  await ok(admin.post('/v1/earnings', { accountId: m.id, amount, category: 'public_labour' }), `crediting ${m.id}`);
  return m;
}

/** A writable stream that keeps every log line written to it. */
export function memoryLog(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const text = partial + String(chunk);
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((l) => l.length > 0));
      callback();
    },
  });
  return { stream, lines };
}

/** Parses the JSON log lines; a line that is not JSON is kept as { raw }. */
export function parsed(lines: readonly string[]): Record<string, unknown>[] {
  return lines.map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      return { raw: l };
    }
  });
}
