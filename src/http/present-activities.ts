/** The JSON shapes of certified earnings (src/schemas/activities.ts): amounts as decimal strings, names masked in public. */
import type { Objection } from '../ledger/activities.js';
import type { ChainCheck } from '../ledger/certification-chain.js';
import { formatMinor } from '../ledger/money.js';
import { maskedBoard, type NoticeBoard } from '../ledger/notices.js';
import type { ActivityView } from '../services/activities.js';
import type { Budget } from '../services/certified-postings.js';

export function presentActivity(v: ActivityView) {
  const a = v.activity;
  return {
    id: a.id,
    title: a.title,
    category: a.categoryCode,
    estate: a.estate,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    place: a.place,
    points: {
      per: a.pointsRule === 'fixed' ? ('participant' as const) : ('hour' as const),
      amount: formatMinor(a.pointsMinor),
      capPerPerson: a.capMinor === null ? null : formatMinor(a.capMinor),
    },
    plannedParticipants: a.plannedParticipants,
    certifiersRequired: a.certifiersRequired,
    organiserKeyId: a.organiserKeyId,
    heldReason: a.heldReason,
    createdAt: a.createdAt,
    claims: v.claims.map((c) => ({
      id: c.id,
      memberAccountId: c.memberAccountId,
      hours: c.hoursHundredths === null ? null : formatMinor(c.hoursHundredths),
      points: formatMinor(c.pointsMinor),
      note: c.note,
      evidence: c.evidence,
      state: c.state,
      approvals: v.approvals.get(c.id) ?? 0,
      certifiedAt: c.certifiedAt,
      noticeEndsAt: c.noticeEndsAt,
      transactionId: c.transactionId,
    })),
    certifications: v.certifications,
    objections: v.objections.map(presentObjection),
    history: v.history.map((e) => ({
      seq: e.seq.toString(),
      claimId: e.claimId,
      state: e.state,
      actorKeyId: e.actorKeyId,
      actorAccountId: e.actorAccountId,
      reason: e.reason,
      at: e.at,
      hash: e.hash,
    })),
  };
}

export function presentObjection(o: Objection) {
  return o;
}

export function presentBudget(b: Budget) {
  return { category: b.category, estate: b.estate, month: b.month, limit: formatMinor(b.limitMinor), issued: formatMinor(b.issuedMinor) };
}

export function presentChainCheck(c: ChainCheck) {
  return {
    ok: c.firstBadSeq === undefined,
    checkedEvents: c.checked,
    headSeq: c.seq,
    headHash: c.hash,
    ...(c.firstBadSeq === undefined ? {} : { firstBadSeq: c.firstBadSeq }),
  };
}

/**
 * The public board as JSON: what maskedBoard makes public (the one definition of it), and
 * each claim's id besides (maskedBoard keeps the order of activities and claims), which is
 * what a community app names to object.
 */
export function presentNoticeBoard(board: NoticeBoard) {
  const shown = maskedBoard(board);
  return {
    ...shown,
    activities: shown.activities.map((a, i) => ({
      ...a,
      claims: a.claims.map((c, j) => ({ claimId: board.activities[i]!.claims[j]!.claimId, ...c })),
    })),
  };
}
