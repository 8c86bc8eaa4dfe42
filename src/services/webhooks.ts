/**
 * Webhook endpoints (issue 16): registration, listing, enabling and disabling, secrets and
 * their rotation, the attempts made, and redelivery by hand. Delivery itself is
 * webhook-delivery.ts; this asks it to look again when an endpoint becomes due.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as accountsDb from '../db/accounts.js';
import * as keysDb from '../db/api-keys.js';
import * as categoriesDb from '../db/categories.js';
import * as eventsDb from '../db/events.js';
import * as webhooksDb from '../db/webhooks.js';
import type { Clock } from '../ledger/clock.js';
import { LedgerError } from '../ledger/errors.js';
import { EVENT_TYPES } from '../ledger/events.js';
import type { Actor } from '../ledger/types.js';
import { refuseTarget } from '../outbound/webhook-sender.js';
import { decodeCursor, encodeCursor, pageOf } from './cursor.js';
import { hidden, requireOperation } from './access.js';
import type { Answer, Answering, UnitOfWork } from './unit-of-work.js';
import type { WebhookDelivery } from './webhook-delivery.js';

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  filter: { accountIds: string[]; categoryCodes: string[] };
  apiKeyId: string | null;
  scope: { role: string; merchantAccountIds: string[] };
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  deliveredSeq: string;
  failures: number;
  nextAttemptAt: string;
  createdAt: string;
}

export interface NewEndpointInput {
  url: string;
  eventTypes: string[];
  description?: string | undefined;
  filter?: { accountIds?: string[] | undefined; categoryCodes?: string[] | undefined } | undefined;
  /** The API key whose scope the endpoint has; the creating admin's when absent. */
  apiKeyId?: string | undefined;
}

export interface EndpointOptions {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: checked at registration here, and again at each delivery. */
  allowPrivateTargets: boolean;
  /** How long a rotated-out secret keeps signing beside the new one. */
  rotationOverlapMs: number;
}

function present(row: webhooksDb.EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    filter: { accountIds: row.filterAccountIds, categoryCodes: row.filterCategoryCodes },
    apiKeyId: row.ownerKeyId,
    scope: { role: row.scopeRole, merchantAccountIds: row.scopeMerchantIds },
    status: row.status,
    disabledReason: row.disabledReason,
    deliveredSeq: row.deliveredSeq,
    failures: row.failures,
    nextAttemptAt: row.nextAttemptAt,
    createdAt: row.createdAt,
  };
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const newEndpointId = () => `whe_${randomUUID().replaceAll('-', '')}`;

export class Webhooks {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly delivery: Pick<WebhookDelivery, 'kick'>,
    private readonly options: EndpointOptions,
  ) {}

  create(input: NewEndpointInput, actor: Actor, answering: Answering<WebhookEndpoint & { secret: string }>): Promise<Answer> {
    requireOperation(actor, 'createWebhookEndpoint');
    const refused = refuseTarget(input.url, this.options.allowPrivateTargets);
    if (refused) throw new LedgerError('validation_failed', `url ${refused}`, [{ path: 'url', message: refused }]);
    const unknown = input.eventTypes.find((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (unknown) throw new LedgerError('validation_failed', `unknown event type ${unknown}`, [{ path: 'eventTypes', message: `unknown type ${unknown}` }]);
    return this.uow.write(answering, {}, async ({ ex }) => {
      const now = this.clock.now();
      // A filter naming what does not exist would silently hear nothing: refused instead.
      for (const [i, id] of (input.filter?.accountIds ?? []).entries()) {
        if (!(await accountsDb.findAccountKind(ex, id))) {
          throw new LedgerError('validation_failed', `account ${id} does not exist`, [{ path: `filter.accountIds.${i}`, message: 'no such account' }]);
        }
      }
      for (const [i, code] of (input.filter?.categoryCodes ?? []).entries()) {
        if (!(await categoriesDb.findCategory(ex, code))) {
          throw new LedgerError('validation_failed', `category ${code} does not exist`, [{ path: `filter.categoryCodes.${i}`, message: 'no such category' }]);
        }
      }
      let scope = { role: actor.role ?? 'admin', merchantAccountIds: [...actor.merchantAccountIds] };
      if (input.apiKeyId) {
        const key = await keysDb.findKey(ex, input.apiKeyId, now);
        if (!key?.usable) throw new LedgerError('not_found', `API key ${input.apiKeyId} does not exist or is revoked`);
        scope = { role: key.role, merchantAccountIds: key.merchantAccountIds };
      }
      const id = newEndpointId();
      const secret = newSecret();
      await webhooksDb.insertEndpoint(ex, {
        id,
        url: input.url,
        description: input.description ?? null,
        eventTypes: [...new Set(input.eventTypes)],
        filterAccountIds: [...new Set(input.filter?.accountIds ?? [])],
        filterCategoryCodes: [...new Set(input.filter?.categoryCodes ?? [])],
        ownerKeyId: input.apiKeyId ?? actor.keyId,
        scopeRole: scope.role as 'admin',
        scopeMerchantIds: scope.merchantAccountIds,
        secret,
        deliveredSeq: await eventsDb.eventsHead(ex),
        now,
      });
      const row = await webhooksDb.findEndpoint(ex, id);
      if (!row) throw hidden('webhook endpoint', id);
      return { ...present(row), secret };
    });
  }

  async list(actor: Actor, q: { cursor?: string | undefined; limit: number }): Promise<{ data: WebhookEndpoint[]; nextCursor: string | null }> {
    requireOperation(actor, 'listWebhookEndpoints');
    const before = q.cursor ? decodeCursor(q.cursor, ['id']).id : undefined;
    const found = await webhooksDb.listEndpoints(this.uow.reads, before, q.limit + 1);
    return pageOf(found.map(present), q.limit, (last) => encodeCursor({ id: last.id }));
  }

  async get(id: string, actor: Actor): Promise<WebhookEndpoint> {
    requireOperation(actor, 'getWebhookEndpoint');
    return present(await this.find(id));
  }

  /** Enables (from where it stopped, its failures forgotten) or disables an endpoint. */
  async setStatus(id: string, status: 'enabled' | 'disabled', actor: Actor): Promise<WebhookEndpoint> {
    requireOperation(actor, 'updateWebhookEndpoint');
    const row = await this.find(id);
    if (status === 'enabled') await this.requireUsableKey(row);
    await webhooksDb.setEndpointStatus(this.uow.pool, id, status === 'enabled', 'disabled by an administrator', this.clock.now());
    if (status === 'enabled') this.delivery.kick();
    return present(await this.find(id));
  }

  async delete(id: string, actor: Actor): Promise<void> {
    requireOperation(actor, 'deleteWebhookEndpoint');
    if (!(await webhooksDb.deleteEndpoint(this.uow.pool, id))) throw hidden('webhook endpoint', id);
  }

  /** A new signing secret, shown this once; the old one still signs beside it for the overlap. */
  rotate(id: string, actor: Actor, answering: Answering<WebhookEndpoint & { secret: string }>): Promise<Answer> {
    requireOperation(actor, 'rotateWebhookEndpointSecret');
    return this.uow.write(answering, {}, async ({ ex }) => {
      await this.find(id);
      const secret = newSecret();
      await webhooksDb.rotateSecret(ex, id, secret, new Date(this.clock.now().getTime() + this.options.rotationOverlapMs));
      return { ...present(await this.find(id)), secret };
    });
  }

  async attempts(id: string, actor: Actor, q: { cursor?: string | undefined; limit: number }) {
    requireOperation(actor, 'listWebhookAttempts');
    await this.find(id);
    const before = q.cursor ? decodeCursor(q.cursor, ['id']).id : undefined;
    if (before !== undefined && !/^[0-9]{1,18}$/.test(before)) {
      throw new LedgerError('validation_failed', 'the cursor is not one this API issued', [{ path: 'cursor', message: 'invalid cursor' }]);
    }
    const found = await webhooksDb.listAttempts(this.uow.reads, id, before, q.limit + 1);
    return pageOf(found, q.limit, (last) => encodeCursor({ id: last.id }));
  }

  /** Delivers again, in order, every event after `afterSeq` (a redelivery by hand); enables the endpoint. */
  async replay(id: string, afterSeq: bigint, actor: Actor): Promise<WebhookEndpoint> {
    requireOperation(actor, 'replayWebhookEndpoint');
    await this.requireUsableKey(await this.find(id));
    const now = this.clock.now();
    await this.uow.transaction(async (tx) => {
      await webhooksDb.rewindEndpoint(tx, id, afterSeq.toString(), now);
      await webhooksDb.setEndpointStatus(tx, id, true, null, now);
    });
    this.delivery.kick();
    return present(await this.find(id));
  }

  /** An endpoint hears what its key may read: one whose key is revoked or expired is not enabled again. */
  private async requireUsableKey(row: webhooksDb.EndpointRow): Promise<void> {
    if (!row.ownerKeyId) return;
    const key = await keysDb.findKey(this.uow.reads, row.ownerKeyId, this.clock.now());
    if (key && !key.usable) {
      throw new LedgerError('conflict', `the API key whose scope webhook endpoint ${row.id} has was revoked or has expired; register an endpoint for a usable key`);
    }
  }

  private async find(id: string): Promise<webhooksDb.EndpointRow> {
    const row = await webhooksDb.findEndpoint(this.uow.reads, id);
    if (!row) throw hidden('webhook endpoint', id);
    return row;
  }
}
