import { chainHash, type HashedContent } from './canonical.js';
import { formatMinor } from './money.js';
import type { RecordedTransaction } from './types.js';

/**
 * The hashed content of a transaction: what the journal's chain covers, and what the jsonl
 * export writes (with its hash and prevHash). Amounts as the API shows them; entries sorted
 * by account, then amount as text. The one serializer for hashed and exported content.
 */
export function hashedContent(seq: string, t: RecordedTransaction): HashedContent {
  return {
    seq,
    id: t.id,
    kind: t.kind,
    occurredAt: t.occurredAt,
    recordedAt: t.recordedAt,
    description: t.description,
    reference: t.reference,
    category: t.categoryCode,
    reversesTransactionId: t.reversesTransactionId,
    holdId: t.holdId,
    metadata: t.metadata,
    receipt: t.receipt ?? null,
    postedBy: t.postedBy,
    entries: t.entries
      .map((e) => ({ accountId: e.accountId, amount: formatMinor(e.amount) }))
      .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.amount < b.amount ? -1 : 1)),
  };
}

/** A link of the chain as stored: its position, the hash before it and its own. */
export interface ChainLink {
  seq: string;
  prevHash: string;
  hash: string;
}

/**
 * Whether a stored link is what its transaction and the link before it make it: the same
 * content hashed onto the previous hash, at the next position. `expectedPrev` undefined:
 * the first link checked, whose predecessor is not known.
 */
export function linkHolds(link: ChainLink, t: RecordedTransaction, expectedPrev: string | undefined, previousSeq: bigint): boolean {
  const linked = expectedPrev === undefined || link.prevHash === expectedPrev;
  return linked && BigInt(link.seq) === previousSeq + 1n && chainHash(link.prevHash, hashedContent(link.seq, t)) === link.hash;
}
