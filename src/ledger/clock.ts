/**
 * Where the service reads the time. Every decision made by time (a hold's expiry, how far
 * back a credit may be dated, whether a key has expired, a statement's default end) asks
 * one clock, handed down from buildApp, so a test can move time instead of waiting for it.
 */
export interface Clock {
  now(): Date;
}

/** The machine's clock: what the service runs on unless told otherwise. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });
