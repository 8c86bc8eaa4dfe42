/**
 * The public notice board (公示) of an estate: every certified claim that has not posted or
 * been dropped, by activity, with its certifiers and deadline. Read without a key, so it
 * holds only what the board shows; names and card numbers are masked where it is presented.
 */
import * as noticesDb from '../db/notices.js';
import type { Clock } from '../ledger/clock.js';
import { formatMinor } from '../ledger/money.js';
import type { NoticeBoard } from '../ledger/notices.js';
import type { UnitOfWork } from './unit-of-work.js';

/** The most claims one board lists: a board is printed on paper. */
export const NOTICE_CLAIMS_MAX = 2000;

export class Notices {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** The estate's board, names unmasked: the presenters mask them (src/ledger/notices.ts). */
  async board(estate: string): Promise<NoticeBoard> {
    const rows = await noticesDb.noticeRows(this.uow.reads, estate, NOTICE_CLAIMS_MAX);
    const ids = [...new Set(rows.map((r) => r.activityId))];
    const certifiers = await noticesDb.certifierNames(this.uow.reads, ids);
    const activities = ids.map((id) => {
      const claims = rows.filter((r) => r.activityId === id);
      const first = claims[0] as noticesDb.NoticeRow;
      const noticeEndsAt = claims.map((c) => c.noticeEndsAt).reduce((a, b) => (a > b ? a : b));
      return {
        activityId: id,
        title: first.title,
        category: first.categoryName,
        estate: first.estate,
        startsAt: first.startsAt,
        endsAt: first.endsAt,
        place: first.place,
        certifiers: certifiers.get(id) ?? [],
        noticeEndsAt,
        claims: claims.map((c) => ({
          claimId: c.claimId,
          member: { name: c.memberName, code: c.memberCode },
          points: formatMinor(BigInt(c.pointsMinor)),
        })),
      };
    });
    return { estate, generatedAt: this.clock.now().toISOString(), activities };
  }
}
