/** The report use cases: the trial balance, and earned points for the public notice board. */
import * as reportsDb from '../db/reports.js';
import type { Clock } from '../ledger/clock.js';
import { assertInvariant } from '../ledger/errors.js';
import type { Actor } from '../ledger/types.js';
import { requireOperation } from './access.js';
import type { UnitOfWork } from './unit-of-work.js';

export interface TrialBalance {
  asOf: string;
  accounts: { accountId: string; code: string; name: string; kind: string; balance: bigint }[];
  total: bigint;
}

export interface EarningsReport {
  from: string | null;
  to: string | null;
  groupBy: 'category' | 'account';
  rows: { rank: number; key: string; name: string; total: bigint; earnings: number; reversals: number; residents: number }[];
  total: bigint;
}

export class Reports {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Every account's balance; in a double-entry ledger they always sum to zero. */
  async trialBalance(asOf: Date | undefined, viewer: Actor): Promise<TrialBalance> {
    requireOperation(viewer, 'getTrialBalance');
    const found = await this.uow.transaction((tx) => reportsDb.trialBalance(tx, asOf), { readOnly: true });
    const accounts = found.map((r) => ({ ...r, balance: BigInt(r.balance) }));
    const total = accounts.reduce((s, a) => s + a.balance, 0n);
    assertInvariant(total === 0n, `the trial balance sums to ${total}, not zero`);
    return { asOf: (asOf ?? this.clock.now()).toISOString(), accounts, total };
  }

  async earnings(q: { from?: Date | undefined; to?: Date | undefined; groupBy: 'category' | 'account' }, viewer: Actor): Promise<EarningsReport> {
    requireOperation(viewer, 'getEarningsReport');
    const found = await reportsDb.earningsTotals(this.uow.reads, q);
    const rows = found.map((r, i) => ({ ...r, rank: i + 1, total: BigInt(r.total) }));
    return {
      from: q.from?.toISOString() ?? null,
      to: q.to?.toISOString() ?? null,
      groupBy: q.groupBy,
      rows,
      total: rows.reduce((s, r) => s + r.total, 0n),
    };
  }
}
