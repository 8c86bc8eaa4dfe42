/**
 * WEBHOOK_RETRY_FIRST_MS reaches delivery (issue 16): after a failure the endpoint waits
 * between half and all of the set first wait, then twice that after the next failure, and
 * nothing is tried before it is due. Time is the test's clock.
 */
import t from 'tap';
import { TestClock } from '../helpers/clock.js';
import { fixture } from '../helpers/app.js';
import { Receiver } from '../helpers/receiver.js';
import { buildWorkflowApp } from '../helpers/workflows.js';

const clock = new TestClock();
const ENV = { SEQUENCER_INTERVAL_MS: '0', WEBHOOK_POLL_INTERVAL_MS: '0', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '300', WEBHOOK_RETRY_FIRST_MS: '250' };
const { app, c } = await buildWorkflowApp(ENV, { clock });
t.teardown(() => app.close());
const f = fixture(c);

t.test('the first retry waits 125-250 ms, the second 250-500 ms', async (t) => {
  const m = await f.member();
  const r = new Receiver();
  const url = await r.start();
  t.teardown(() => r.stop());
  const ep = (await c.post('/v1/webhook-endpoints', { url, eventTypes: ['transaction.posted'], filter: { accountIds: [m.id] } })).json() as { id: string; secret: string };
  r.secrets = [ep.secret];
  r.behave = (n) => (n < 2 ? 503 : 200);
  await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'public_labour' });
  await app.services.jobs.sequenceEvents();
  const waitAfter = async (failures: number) => {
    const at = clock.now().getTime();
    t.equal(await app.services.webhookDelivery.deliverDue(), 0, 'the receiver refused it');
    const state = (await c.get(`/v1/webhook-endpoints/${ep.id}`)).json() as { failures: number; nextAttemptAt: string };
    t.equal(state.failures, failures);
    return Date.parse(state.nextAttemptAt) - at;
  };
  const first = await waitAfter(1);
  t.ok(first >= 125 && first <= 250, `first wait ${first} ms`);
  t.equal(await app.services.webhookDelivery.deliverDue(), 0, 'nothing is tried before it is due');
  t.equal(r.requests.length, 1);
  clock.advance(first);
  const second = await waitAfter(2);
  t.ok(second >= 250 && second <= 500, `second wait ${second} ms`);
  clock.advance(second);
  t.equal(await app.services.webhookDelivery.deliverDue(), 1, 'delivered once due');
  t.same(r.requests.map((q) => q.status), [503, 503, 200], 'the same event each time');
  t.equal(new Set(r.requests.map((q) => q.seq)).size, 1);
});
