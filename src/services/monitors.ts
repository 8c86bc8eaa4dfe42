/**
 * Balance monitors (issue 16): "tell me when account X's available balance crosses below (or
 * above) T". The event sequencer evaluates them as events touch their accounts, and writes
 * one balance.crossed event per crossing (see db/events.ts evaluateMonitors). Whoever may
 * read an account may watch it.
 */
import * as accountsDb from '../db/accounts.js';
import * as monitorsDb from '../db/monitors.js';
import type { Clock } from '../ledger/clock.js';
import { formatMinor } from '../ledger/money.js';
import type { Actor } from '../ledger/types.js';
import { canReadAccount, hidden, requireOperation } from './access.js';
import type { UnitOfWork } from './unit-of-work.js';

export interface BalanceMonitor {
  id: string;
  accountId: string;
  direction: 'below' | 'above';
  threshold: string;
  /** Whether the available balance was beyond the threshold when last evaluated. */
  beyond: boolean;
  description: string | null;
  createdAt: string;
}

const present = (row: monitorsDb.MonitorRow): BalanceMonitor => ({ ...row, threshold: formatMinor(BigInt(row.threshold)) });

export class Monitors {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async create(
    input: { accountId: string; direction: 'below' | 'above'; thresholdMinor: bigint; description?: string | undefined },
    actor: Actor,
  ): Promise<BalanceMonitor> {
    requireOperation(actor, 'createBalanceMonitor');
    await this.requireReadable(input.accountId, actor);
    const id = `bmon_${crypto.randomUUID().replaceAll('-', '')}`;
    return this.uow.transaction(async (tx) => {
      await monitorsDb.insertMonitor(tx, { id, ...input, description: input.description ?? null, now: this.clock.now() });
      const row = await monitorsDb.findMonitor(tx, id);
      if (!row) throw hidden('balance monitor', id);
      return present(row);
    });
  }

  async list(accountId: string, actor: Actor, limit: number): Promise<{ data: BalanceMonitor[]; nextCursor: null }> {
    requireOperation(actor, 'listBalanceMonitors');
    await this.requireReadable(accountId, actor);
    return { data: (await monitorsDb.listMonitors(this.uow.reads, accountId, limit)).map(present), nextCursor: null };
  }

  async delete(id: string, actor: Actor): Promise<void> {
    requireOperation(actor, 'deleteBalanceMonitor');
    const row = await monitorsDb.findMonitor(this.uow.reads, id);
    if (!row) throw hidden('balance monitor', id);
    await this.requireReadable(row.accountId, actor, () => hidden('balance monitor', id));
    await monitorsDb.deleteMonitor(this.uow.pool, id);
  }

  private async requireReadable(accountId: string, actor: Actor, refuse = () => hidden('account', accountId)): Promise<void> {
    const account = await accountsDb.findAccountKind(this.uow.reads, accountId);
    if (!account || !canReadAccount(actor, { id: accountId, kind: account.kind })) throw refuse();
  }
}
