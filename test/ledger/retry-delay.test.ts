/**
 * The webhook backoff (issue 16): WEBHOOK_RETRY_FIRST_MS sets the first wait, each failure in
 * a row doubles it up to an hour, and the jitter draws each wait between half and all of it.
 */
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { RETRY_FIRST_MS_DEFAULT, retryDelayMs } from '../../src/ledger/events.js';

const HOUR = 60 * 60 * 1000;

t.test('the default first wait is 5 s, doubling per failure', async (t) => {
  t.equal(RETRY_FIRST_MS_DEFAULT, 5000);
  t.equal(retryDelayMs(1, 0), 2500, 'the first failure: at least half of 5 s');
  t.equal(retryDelayMs(1, 0.999999), 5000, 'and at most 5 s');
  t.equal(retryDelayMs(2, 0.999999), 10_000, 'the second: 10 s');
  t.equal(retryDelayMs(4, 0.5), 30_000, 'the fourth: 3/4 of 40 s');
});

t.test('a set first wait starts the doubling there', async (t) => {
  t.equal(retryDelayMs(1, 0, 250), 125);
  t.equal(retryDelayMs(1, 0.999999, 250), 250);
  t.equal(retryDelayMs(3, 0.999999, 250), 1000, 'the third failure: 250 ms doubled twice');
  t.equal(retryDelayMs(10, 0.999999, 250), 128_000);
  t.equal(retryDelayMs(40, 0, 250), HOUR / 2, 'the ceiling: an hour, its wait at least half of it');
  t.ok(retryDelayMs(40, 0.999999, 250) <= HOUR, 'never past an hour');
  t.equal(retryDelayMs(1_000_000, 0, 250), HOUR / 2, 'however many failures');
});

t.test('WEBHOOK_RETRY_FIRST_MS: default 5000, bounded', async (t) => {
  const base = { DATABASE_URL: 'postgres://x@127.0.0.1/x' };
  t.equal(loadConfig(base).webhookRetryFirstMs, 5000);
  t.equal(loadConfig({ ...base, WEBHOOK_RETRY_FIRST_MS: '250' }).webhookRetryFirstMs, 250);
  t.throws(() => loadConfig({ ...base, WEBHOOK_RETRY_FIRST_MS: '50' }), 'under 100 ms is refused');
  t.throws(() => loadConfig({ ...base, WEBHOOK_RETRY_FIRST_MS: 'soon' }), 'not a number is refused');
});
