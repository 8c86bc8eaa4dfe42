/** Balance monitors (issue 16); they are evaluated by the event sequencer (db/events.ts). */
import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import { iso } from './sql.js';

export interface MonitorRow {
  id: string;
  accountId: string;
  direction: 'below' | 'above';
  threshold: string;
  beyond: boolean;
  description: string | null;
  createdAt: string;
}

const selectMonitor = sql`
  SELECT m.id, m.account_id AS "accountId", m.direction, m.threshold::text AS threshold, m.beyond, m.description,
         ${iso(sql`m.created_at`)} AS "createdAt"
    FROM balance_monitors m`;

/**
 * A monitor starts on the side its account's available balance is on now (under the
 * account's balance-row locks, so no posting moves it meanwhile): it fires on the next crossing.
 */
export async function insertMonitor(
  ex: Executor,
  m: { id: string; accountId: string; direction: 'below' | 'above'; thresholdMinor: bigint; description: string | null; now: Date },
): Promise<void> {
  const at = sql`${m.now.toISOString()}::timestamptz`;
  const threshold = sql`${m.thresholdMinor.toString()}::bigint`;
  await ex.execute(sql`SELECT 1 FROM account_balances WHERE account_id = ${m.accountId} ORDER BY shard FOR SHARE`);
  await ex.execute(sql`INSERT INTO balance_monitors (id, account_id, direction, threshold, beyond, description, created_at)
    SELECT ${m.id}, ${m.accountId}, ${m.direction}, ${threshold},
           CASE ${m.direction} WHEN 'below' THEN v.available < ${threshold} ELSE v.available > ${threshold} END,
           ${m.description}, ${at}
      FROM (SELECT (SELECT coalesce(sum(b.balance), 0) FROM account_balances b WHERE b.account_id = ${m.accountId})
                 - (SELECT coalesce(sum(h.amount), 0) FROM holds h WHERE h.account_id = ${m.accountId}
                       AND h.status = 'pending' AND h.expires_at > ${at}) AS available) v`);
}

export async function findMonitor(ex: Executor, id: string): Promise<MonitorRow | undefined> {
  const [row] = await rows<MonitorRow>(ex, sql`${selectMonitor} WHERE m.id = ${id}`);
  return row;
}

/** An account's monitors, or every one; newest first. */
export async function listMonitors(ex: Executor, accountId: string | undefined, limit: number): Promise<MonitorRow[]> {
  return rows<MonitorRow>(
    ex,
    sql`${selectMonitor} ${accountId ? sql`WHERE m.account_id = ${accountId}` : sql``} ORDER BY m.created_at DESC, m.id DESC LIMIT ${limit}`,
  );
}

export async function deleteMonitor(ex: Executor, id: string): Promise<void> {
  await ex.execute(sql`DELETE FROM balance_monitors WHERE id = ${id}`);
}
