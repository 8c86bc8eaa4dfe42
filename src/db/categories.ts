import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import type { categories } from './schema.js';
import { iso, type RowOf } from './sql.js';

export type CategoryRow = RowOf<typeof categories.$inferSelect>;

const SELECT_CATEGORY = sql`
  SELECT code, name, issuance_account_id AS "issuanceAccountId", ${iso(sql`created_at`)} AS "createdAt",
         earnings, notice_seconds AS "noticeSeconds"
    FROM categories`;

export async function listCategories(ex: Executor): Promise<CategoryRow[]> {
  return rows<CategoryRow>(ex, sql`${SELECT_CATEGORY} ORDER BY code`);
}

export async function findCategory(ex: Executor, code: string): Promise<CategoryRow | undefined> {
  const [row] = await rows<CategoryRow>(ex, sql`${SELECT_CATEGORY} WHERE code = ${code}`);
  return row;
}

export async function insertCategory(
  ex: Executor,
  c: { code: string; name: string; issuanceAccountId: string; earnings: 'direct' | 'certified'; noticeSeconds: number },
): Promise<void> {
  await ex.execute(
    sql`INSERT INTO categories (code, name, issuance_account_id, earnings, notice_seconds)
        VALUES (${c.code}, ${c.name}, ${c.issuanceAccountId}, ${c.earnings}, ${c.noticeSeconds})`,
  );
}

export async function findCategoryByIssuanceAccount(ex: Executor, accountId: string): Promise<CategoryRow | undefined> {
  const [row] = await rows<CategoryRow>(ex, sql`${SELECT_CATEGORY} WHERE issuance_account_id = ${accountId}`);
  return row;
}
