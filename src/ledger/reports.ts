import type { Database } from '../db/client.js';
import * as reportsDb from '../db/reports.js';
import { assertInvariant } from './errors.js';

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
  constructor(private readonly database: Database) {}

  /** Every account's balance; in a double-entry ledger they always sum to zero. */
  async trialBalance(asOf: Date | undefined): Promise<TrialBalance> {
    const found = await this.database.transaction((tx) => reportsDb.trialBalance(tx, asOf), { readOnly: true });
    const accounts = found.map((r) => ({ ...r, balance: BigInt(r.balance) }));
    const total = accounts.reduce((s, a) => s + a.balance, 0n);
    assertInvariant(total === 0n, `the trial balance sums to ${total}, not zero`);
    return { asOf: (asOf ?? new Date()).toISOString(), accounts, total };
  }

  async earnings(q: { from?: Date | undefined; to?: Date | undefined; groupBy: 'category' | 'account' }): Promise<EarningsReport> {
    const found = await reportsDb.earningsTotals(this.database.reads, q);
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
