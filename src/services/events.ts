/**
 * The events use cases (issue 16): numbering the outbox into the event sequence, the pull
 * feed with its long-poll, and retention.
 *
 * The outbox rows are written by triggers in the transactions that make the changes; the
 * sequencer numbers them behind the writes, one sequencer at a time (an advisory lock), in
 * the order their commits became visible to it, as the journal's sequencer does
 * (audit.ts). So a reader paging by seq never skips an event that commits late: it was not
 * numbered until it had committed, and it is numbered after everything numbered before.
 */
import * as eventsDb from '../db/events.js';
import type { Clock } from '../ledger/clock.js';
import { eventId, type LedgerEvent } from '../ledger/events.js';
import type { Actor } from '../ledger/types.js';
import { eventScope, requireOperation } from './access.js';
import type { UnitOfWork } from './unit-of-work.js';

/** Outbox rows numbered per database transaction: bounds the sequencer's lock time. */
const SEQUENCE_BATCH_MAX = 2000;
/** Seqs one feed read looks through for a caller whose scope matches little. */
const FEED_SCAN_MAX = 10_000;
export const FEED_WAIT_MAX_S = 30;

export function toEvent(row: eventsDb.EventRow): LedgerEvent {
  return { id: eventId(row.seq), seq: row.seq, type: row.type, timestamp: row.occurredAt, data: row.data };
}

export interface FeedQuery {
  after: bigint;
  limit: number;
  waitMs: number;
  types?: readonly string[] | undefined;
}

export class Events {
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private closing = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly options: { retentionDays: number },
  ) {}

  /**
   * Numbers every committed outbox row, writes hold.expired for holds the clock has passed,
   * and evaluates the balance monitors of the accounts the new events touched (their
   * balance.crossed events are numbered in the next round of the loop). Returns how many
   * events it numbered.
   */
  async sequence(options: { wait?: boolean } = {}): Promise<number> {
    let total = 0;
    let more = true;
    while (more) {
      const round = await this.uow.transaction(async (tx) => {
        if (!(await eventsDb.lockEventSequencer(tx, options.wait === true))) return { count: 0, more: false };
        const now = this.clock.now();
        await eventsDb.outboxExpiredHolds(tx, now);
        const written = await eventsDb.sequenceOutbox(tx, now, SEQUENCE_BATCH_MAX);
        if (!written) return { count: 0, more: false };
        const fired = await eventsDb.evaluateMonitors(tx, written.first, written.last, now);
        await eventsDb.notifyEvents(tx, written.last);
        const count = Number(BigInt(written.last) - BigInt(written.first)) + 1;
        // A full batch, or monitors that fired, leave more to number at once.
        return { count, more: count === SEQUENCE_BATCH_MAX || fired > 0 };
      });
      total += round.count;
      more = round.more;
    }
    if (total > 0) this.wake();
    return total;
  }

  /** New events exist (this instance numbered them, or another one's notification came). */
  wake(): void {
    for (const resolve of this.waiters) resolve();
    this.waiters.clear();
    for (const listener of this.listeners) listener();
  }

  /** The service is closing: waiting reads answer now, with what there is, so the close is not held up. */
  close(): void {
    this.closing = true;
    for (const resolve of this.waiters) resolve();
    this.waiters.clear();
  }

  /** Called whenever new events may exist (webhook delivery listens). */
  onNewEvents(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Events after `after` the caller may see, oldest first. With `waitMs`, an empty answer
   * waits until events arrive (woken by the sequencer's notification) or the time is up.
   * `nextAfter` is where the next read starts: past events the caller may not see, too.
   */
  async feed(actor: Actor, q: FeedQuery): Promise<{ data: LedgerEvent[]; nextAfter: string }> {
    requireOperation(actor, 'listEvents');
    const filter = { ...eventScope(actor), types: q.types };
    const deadline = Date.now() + q.waitMs;
    let after = q.after;
    for (;;) {
      let woken: () => void = () => {};
      const wakeUp = new Promise<void>((resolve) => {
        woken = resolve;
      });
      this.waiters.add(woken);
      try {
        const page = await eventsDb.eventsAfter(this.uow.reads, after, filter, q.limit, FEED_SCAN_MAX);
        const next = BigInt(page.scannedThrough);
        if (page.events.length > 0 || Date.now() >= deadline || this.closing) {
          return { data: page.events.map(toEvent), nextAfter: (next > after ? next : after).toString() };
        }
        if (next > after) {
          after = next;
          continue;
        }
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          wakeUp,
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
          }),
        ]);
        clearTimeout(timer);
        // Closing: answered with nothing new rather than reading a database about to close.
        if (this.closing) return { data: [], nextAfter: after.toString() };
      } finally {
        this.waiters.delete(woken);
      }
    }
  }

  /** Forgets events (and delivery attempts) older than the retention. */
  purge(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.options.retentionDays * 24 * 60 * 60 * 1000);
    return eventsDb.purgeEvents(this.uow.pool, before);
  }

  head(): Promise<string> {
    return eventsDb.eventsHead(this.uow.reads);
  }
}
