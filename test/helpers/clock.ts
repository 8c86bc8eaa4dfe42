import type { Clock } from '../../src/ledger/clock.js';

/**
 * A clock a test moves itself (buildApp's `clock`): time passes when the test says, by as
 * much as it says, so nothing sleeps to let it pass. It starts at the machine's time, as a
 * database's rows written meanwhile (created_at defaults) are dated by the machine's clock.
 */
export class TestClock implements Clock {
  private at: number;

  constructor(start: Date | number = Date.now()) {
    this.at = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.at += ms;
  }
}
