/**
 * The certification history's own hash chain, recomputed the way the database's trigger
 * computes it (sql/functions/certification_event_chain.sql), so that an auditor trusts the
 * arithmetic, not the database: hash = hex(SHA-256(UTF-8(prevHash + "\n" + the fields joined
 * by U+001F))), a missing field empty, the time in milliseconds since the epoch.
 */
import { createHash } from 'node:crypto';
import { GENESIS_HASH } from './canonical.js';

export interface ChainedEvent {
  seq: string;
  activityId: string;
  claimId: string | null;
  state: string;
  actorKeyId: string | null;
  actorAccountId: string | null;
  reason: string | null;
  atMs: string;
  prevHash: string;
  hash: string;
}

export function eventHash(prevHash: string, e: Omit<ChainedEvent, 'prevHash' | 'hash'>): string {
  const fields = [e.seq, e.activityId, e.claimId ?? '', e.state, e.actorKeyId ?? '', e.actorAccountId ?? '', e.reason ?? '', e.atMs];
  return createHash('sha256').update(`${prevHash}\n${fields.join('\u001f')}`, 'utf8').digest('hex');
}

export interface ChainCheck {
  /** The last event checked, and its hash: the head after a whole walk. */
  seq: string;
  hash: string;
  checked: number;
  /** The first event whose link or hash does not hold. */
  firstBadSeq?: string;
}

/** Walks a run of events in order from `from` (the previous head); stops at the first bad one. */
export function checkChain(from: { seq: string; hash: string; checked: number }, events: readonly ChainedEvent[]): ChainCheck {
  let head = { ...from };
  for (const e of events) {
    const expectedSeq = (BigInt(head.seq) + 1n).toString();
    if (e.seq !== expectedSeq || e.prevHash !== head.hash || eventHash(head.hash, e) !== e.hash) {
      return { ...head, firstBadSeq: e.seq };
    }
    head = { seq: e.seq, hash: e.hash, checked: head.checked + 1 };
  }
  return head;
}

export const CHAIN_START = { seq: '0', hash: GENESIS_HASH, checked: 0 };
