/** What hangs on an estate's public notice board: claims certified and not yet posted or dropped. */
import { sql } from 'drizzle-orm';
import { type Executor, rows } from './client.js';
import { iso } from './sql.js';

export interface NoticeRow {
  activityId: string;
  title: string;
  categoryName: string;
  estate: string;
  startsAt: string;
  endsAt: string;
  place: string;
  claimId: string;
  memberName: string;
  memberCode: string;
  pointsMinor: string;
  noticeEndsAt: string;
}

/** The board's claims, by activity then claim; at most `limit` rows. */
export async function noticeRows(ex: Executor, estate: string, limit: number): Promise<NoticeRow[]> {
  return rows<NoticeRow>(ex, sql`
    SELECT a.id AS "activityId", a.title, cat.name AS "categoryName", a.estate, ${iso(sql`a.starts_at`)} AS "startsAt",
           ${iso(sql`a.ends_at`)} AS "endsAt", a.place, c.id AS "claimId", m.name AS "memberName", m.code AS "memberCode",
           c.points_minor::text AS "pointsMinor", ${iso(sql`c.notice_ends_at`)} AS "noticeEndsAt"
      FROM claims c
      JOIN activities a ON a.id = c.activity_id
      JOIN categories cat ON cat.code = a.category_code
      JOIN accounts m ON m.id = c.member_account_id
     WHERE a.estate = ${estate} AND c.state IN ('on_notice', 'objected')
     ORDER BY a.starts_at, a.id, m.code, c.id
     LIMIT ${limit}`);
}

/** The names of the keys that approved claims of these activities, by activity. */
export async function certifierNames(ex: Executor, activityIds: readonly string[]): Promise<Map<string, string[]>> {
  if (activityIds.length === 0) return new Map();
  const found = await rows<{ activityId: string; names: string[] }>(ex, sql`
    SELECT c.activity_id AS "activityId", array_agg(DISTINCT k.name ORDER BY k.name) AS names
      FROM claim_certifications cc
      JOIN claims c ON c.id = cc.claim_id
      JOIN api_keys k ON k.id = cc.certifier_key_id
     WHERE c.activity_id IN (${sql.join(activityIds.map((id) => sql`${id}`), sql`, `)}) AND cc.decision = 'approve'
     GROUP BY c.activity_id`);
  return new Map(found.map((r) => [r.activityId, r.names]));
}
