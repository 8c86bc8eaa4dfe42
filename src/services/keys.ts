import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as accountsDb from '../db/accounts.js';
import * as keysDb from '../db/api-keys.js';
import type { Executor } from '../db/client.js';
import type { Clock } from '../ledger/clock.js';
import { LedgerError } from '../ledger/errors.js';
import { newId } from '../ledger/ids.js';
import type { Actor, Page, Role } from '../ledger/types.js';
import { requireOperation } from './access.js';
import { decodeCursor, encodeCursor, pageOf } from './cursor.js';
import { keyBindings } from './key-bindings.js';
import { Lru } from './lru.js';
import type { Answer, Answering, UnitOfWork } from './unit-of-work.js';

/** Who is calling, as the API key says. */
export interface Principal {
  keyId: string;
  role: Role;
  /** For a cashier: the supermarkets it may charge into and read. Empty for other roles. */
  merchantAccountIds: readonly string[];
  /** For an organiser or a certifier: its estates; for an organiser: its categories. */
  estates: readonly string[];
  categoryCodes: readonly string[];
  /** The member who holds the key, if it is linked to one. */
  memberAccountId: string | null;
}

export interface NewKeyInput {
  name: string;
  role: Role;
  merchantAccountIds?: string[] | undefined;
  estates?: string[] | undefined;
  categoryCodes?: string[] | undefined;
  memberAccountId?: string | undefined;
  expiresAt?: Date | undefined;
}

/** 32 random bytes: 256 bits, twice what the contract asks. */
const SECRET_BYTES = 32;
export const KEY_PREFIX = 'tbk_';
/**
 * How long a verified key is trusted without asking the database again. A revocation is
 * announced to every instance at once (LISTEN/NOTIFY, see forget); this is the bound only
 * while an instance's notifications connection is down.
 */
export const KEY_CACHE_TTL_MS = 2_000;
/**
 * How long a key found unknown, revoked or expired is refused without asking again: a
 * client retrying a dead key in a loop costs one lookup per key in this time, not one per
 * request. Short, as a key created with a chosen secret (BOOTSTRAP_ADMIN_KEY on another
 * instance) may appear meanwhile.
 */
const REFUSED_TTL_MS = 2_000;
const CACHE_ENTRIES_MAX = 10_000;

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  merchantAccountIds: string[];
  estates: string[];
  categoryCodes: string[];
  memberAccountId: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

function principalOf(row: keysDb.ApiKeyRow): Principal {
  return {
    keyId: row.id,
    role: row.role,
    merchantAccountIds: row.merchantAccountIds,
    estates: row.estates,
    categoryCodes: row.categoryCodes,
    memberAccountId: row.memberAccountId,
  };
}

function toApiKey(row: keysDb.ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    merchantAccountIds: row.merchantAccountIds,
    estates: row.estates,
    categoryCodes: row.categoryCodes,
    memberAccountId: row.memberAccountId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}

/**
 * The server secret that keys are hashed under. From API_KEY_SECRET when set; otherwise
 * kept in the data folder (mode 0600) so that restarts keep accepting the same keys; for an
 * in-memory store, made afresh.
 */
export function resolveServerSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  if (dataDir.startsWith('memory://')) return randomBytes(SECRET_BYTES).toString('base64url');
  const path = join(dataDir, 'api-key-secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

export class KeyService {
  /**
   * Digests of keys that authenticated here, least recently used first out. An entry past
   * its `until` is looked up again, but still says the key was good lately (isKnown).
   */
  private readonly verified = new Lru<string, { principal: Principal; until: number }>(CACHE_ENTRIES_MAX);
  /** Digests the database refused lately, until when to keep refusing them unasked. */
  private readonly refused = new Lru<string, number>(CACHE_ENTRIES_MAX);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly serverSecret: string,
    /** Whether a revocation is announced to other instances (LISTEN/NOTIFY on a PostgreSQL server). */
    private readonly announceRevocations: boolean,
  ) {}

  /** HMAC-SHA-256 under the server secret: what the database stores instead of the key. */
  hash(key: string): string {
    return createHmac('sha256', this.serverSecret).update(key, 'utf8').digest('hex');
  }

  /**
   * Whether the key with this digest authenticated here lately (and was not found revoked
   * since): such a caller is no stranger, and skips the limit on unknown keys per address.
   */
  isKnown(digest: string): boolean {
    return this.verified.has(digest);
  }

  /** The caller behind a bearer key, or null when the key is unknown, revoked or expired. */
  async authenticate(key: string, digest: string = this.hash(key)): Promise<Principal | null> {
    const now = this.clock.now();
    const cached = this.verified.get(digest);
    if (cached && cached.until > now.getTime()) return cached.principal;
    const refusedUntil = this.refused.get(digest);
    if (refusedUntil !== undefined && refusedUntil > now.getTime()) return null;
    const row = await keysDb.findKeyByHash(this.uow.reads, digest, now);
    // The lookup is by digest; comparing again in constant time costs nothing and keeps the
    // check honest should the lookup ever change.
    if (!row || !timingSafeEqual(Buffer.from(row.secretHash, 'hex'), Buffer.from(digest, 'hex')) || !row.usable) {
      this.verified.delete(digest);
      this.refused.set(digest, now.getTime() + REFUSED_TTL_MS);
      return null;
    }
    this.refused.delete(digest);
    const principal = principalOf(row);
    // An expiring key is never trusted past its expiry.
    const expiresAt = row.expiresAt ? Date.parse(row.expiresAt) : Number.POSITIVE_INFINITY;
    this.verified.set(digest, { principal, until: Math.min(now.getTime() + KEY_CACHE_TTL_MS, expiresAt) });
    return principal;
  }

  /** Issues a key; the answer carries its secret, which is never stored (only its HMAC). */
  create(input: NewKeyInput, actor: Actor, answering: Answering<ApiKey & { key: string }>): Promise<Answer> {
    requireOperation(actor, 'createApiKey');
    return this.uow.write(answering, {}, ({ ex }) => this.createIn(ex, input));
  }

  private async createIn(
    tx: Executor,
    input: NewKeyInput,
    secret: string = `${KEY_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`,
  ): Promise<ApiKey & { key: string }> {
    const merchantAccountIds = [...new Set(input.merchantAccountIds ?? [])];
    if (input.role === 'cashier' && merchantAccountIds.length === 0) {
      throw new LedgerError('validation_failed', 'a cashier key is bound to at least one merchant account', [
        { path: 'merchantAccountIds', message: 'required for a cashier' },
      ]);
    }
    if (input.role !== 'cashier' && merchantAccountIds.length > 0) {
      throw new LedgerError('validation_failed', 'only a cashier key is bound to merchant accounts', [
        { path: 'merchantAccountIds', message: 'only for a cashier' },
      ]);
    }
    for (const [i, id] of merchantAccountIds.entries()) {
      const account = await accountsDb.findAccountKind(tx, id);
      if (account?.kind !== 'merchant') {
        throw new LedgerError('validation_failed', `account ${id} is not a merchant account`, [
          { path: `merchantAccountIds.${i}`, message: 'must be a merchant account' },
        ]);
      }
    }
    const bindings = await keyBindings(tx, input);
    const now = this.clock.now();
    if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
      throw new LedgerError('validation_failed', 'expiresAt must be in the future', [{ path: 'expiresAt', message: 'in the past' }]);
    }
    const id = newId('key');
    await keysDb.insertKey(tx, {
      id,
      name: input.name,
      role: input.role,
      merchantAccountIds,
      ...bindings,
      secretHash: this.hash(secret),
      expiresAt: input.expiresAt ?? null,
    });
    const row = await keysDb.findKey(tx, id, now);
    if (!row) throw new LedgerError('conflict', 'this key already exists');
    // A key made here is no stranger here, even from an address over its limit; it is still
    // looked up on first use (the transaction may yet roll back).
    this.verified.set(row.secretHash, { principal: principalOf(row), until: 0 });
    return { ...toApiKey(row), key: secret };
  }

  async list(filter: { limit: number; cursor?: string | undefined }, actor: Actor): Promise<Page<ApiKey>> {
    requireOperation(actor, 'listApiKeys');
    const beforeId = filter.cursor ? decodeCursor(filter.cursor, ['id']).id : undefined;
    const found = await keysDb.listKeys(this.uow.pool, { beforeId, limit: filter.limit + 1 }, this.clock.now());
    return pageOf(found.map(toApiKey), filter.limit, (last) => encodeCursor({ id: last.id }));
  }

  /** Revokes a key, and tells every instance in the same transaction. */
  async revoke(id: string, actor: Actor): Promise<void> {
    requireOperation(actor, 'revokeApiKey');
    await this.uow.transaction(async (tx) => {
      if (!(await keysDb.revokeKey(tx, id, this.clock.now()))) throw new LedgerError('not_found', `api key ${id} does not exist`);
      if (this.announceRevocations) await keysDb.notifyRevoked(tx, id);
    });
    this.forget(id);
  }

  /** Stops trusting a key at once: it was revoked here or on another instance. */
  forget(keyId: string): void {
    this.verified.deleteWhere((entry) => entry.principal.keyId === keyId);
  }

  /**
   * Revocations may have been missed (the notifications connection was down): every cached
   * key is looked up again on its next request, and stays known meanwhile.
   */
  expireAll(): void {
    for (const entry of this.verified.values()) entry.until = 0;
  }

  /**
   * Makes sure an operator can get in. BOOTSTRAP_ADMIN_KEY is created once if no key with that
   * secret exists (a revoked one stays revoked). Otherwise, on a database with no keys at
   * all, a first admin key is written to a file only its owner can read; the log says where,
   * never what.
   */
  async bootstrap(options: { bootstrapKey: string | undefined; dataDir: string }): Promise<{ file?: string; created: boolean }> {
    if (options.bootstrapKey) {
      const digest = this.hash(options.bootstrapKey);
      if (await keysDb.findKeyByHash(this.uow.pool, digest, this.clock.now())) return { created: false };
      try {
        await this.uow.transaction((tx) =>
          this.createIn(tx, { name: 'bootstrap admin (BOOTSTRAP_ADMIN_KEY)', role: 'admin' }, options.bootstrapKey),
        );
        return { created: true };
      } catch (error) {
        // Another instance starting at the same moment created it first: that is success.
        if (error instanceof LedgerError && error.code === 'conflict' && (await keysDb.findKeyByHash(this.uow.pool, digest, this.clock.now()))) {
          return { created: false };
        }
        throw error;
      }
    }
    if ((await keysDb.countKeys(this.uow.pool)) > 0) return { created: false };
    if (options.dataDir.startsWith('memory://')) return { created: false };
    const created = await this.uow.transaction((tx) => this.createIn(tx, { name: 'first admin', role: 'admin' }));
    mkdirSync(options.dataDir, { recursive: true });
    const file = join(options.dataDir, 'admin-key');
    writeFileSync(file, `${created.key}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return { created: true, file };
  }
}
