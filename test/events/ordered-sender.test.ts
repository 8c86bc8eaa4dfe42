/**
 * The webhook sending thread (src/outbound/ordered-sender.ts), against real local receivers:
 * an endpoint's batch goes out in order and stops at its first failure, no attempt starts
 * past the round's time, endpoints' batches do not wait for each other, and a stopped
 * thread fails what it had in flight (nothing is reported delivered that was not) while the
 * next batch starts a new one.
 */
import t, { type Test } from 'tap';
import { Receiver } from '../helpers/receiver.js';
import { inProcessSender, type OutboundMessage, ThreadSender } from '../../src/outbound/ordered-sender.js';
import { signedHeaders } from '../../src/outbound/webhook-sender.js';

const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

function messages(from: number, n: number): OutboundMessage[] {
  return Array.from({ length: n }, (_, i) => {
    const seq = String(from + i);
    const body = JSON.stringify({ id: `evt_${seq}`, seq, type: 'transaction.posted', data: {} });
    return { body, headers: signedHeaders([SECRET], `evt_${seq}`, new Date(), body) };
  });
}

const later = () => Date.now() + 60_000;

async function receiver(t: Test): Promise<{ r: Receiver; url: string }> {
  const r = new Receiver();
  const url = await r.start();
  r.secrets = [SECRET];
  t.teardown(() => r.stop());
  return { r, url };
}

const thread = new ThreadSender();
t.teardown(() => thread.close());

for (const [name, sender] of [
  ['the thread', thread.send],
  ['in process', inProcessSender()],
] as const) {
  t.test(`${name}: in order, stopping at the first failure`, async (t) => {
    const { r, url } = await receiver(t);
    r.behave = (n) => (n === 3 ? 503 : 200);
    const results = await sender('ep-1', url, messages(1, 8), { timeoutMs: 2000, allowPrivate: true, startBefore: later() });
    t.same(results.map((x) => x.statusCode), [200, 200, 200, 503], 'three delivered, then the failure, then nothing');
    t.same(r.requests.map((q) => q.seq), ['1', '2', '3', '4'], 'the receiver got them in order and nothing after the failure');
    t.ok(r.requests.every((q) => q.verifiedWith.length === 1), 'each signature verifies');
  });

  t.test(`${name}: no attempt starts after the round's time`, async (t) => {
    const { r, url } = await receiver(t);
    const results = await sender('ep-2', url, messages(1, 3), { timeoutMs: 2000, allowPrivate: true, startBefore: Date.now() - 1 });
    t.same(results, []);
    t.equal(r.requests.length, 0);
  });

  t.test(`${name}: a timeout is a failure, and the batch stops there`, async (t) => {
    const { r, url } = await receiver(t);
    r.behave = (n) => (n === 1 ? 'hang' : 200);
    const results = await sender('ep-3', url, messages(1, 3), { timeoutMs: 200, allowPrivate: true, startBefore: later() });
    t.same(results.map((x) => x.statusCode), [200, null]);
    t.match(results[1]?.error, /no answer within 200 ms/);
    t.equal(r.requests.length, 2);
  });
}

for (const [name, sender] of [
  ['the thread', thread.send],
  ['in process', inProcessSender()],
] as const) {
  t.test(`${name}: a stream's batches go one after another, and none after one that failed`, async (t) => {
    const { r, url } = await receiver(t);
    r.behave = (n) => (n === 12 ? 503 : 200);
    const options = { timeoutMs: 2000, allowPrivate: true, startBefore: later() };
    // Queued at once, as a round queues its next page while one is sent.
    const [first, second, third] = await Promise.all([
      sender('round-1', url, messages(1, 10), options),
      sender('round-1', url, messages(11, 10), options),
      sender('round-1', url, messages(21, 10), options),
    ]);
    t.equal(first.length, 10);
    t.same(second.map((x) => x.statusCode), [200, 200, 503], 'the second stops at its failure');
    t.same(third, [], 'the third sends nothing');
    t.same(r.requests.map((q) => Number(q.seq)), Array.from({ length: 13 }, (_, i) => i + 1), 'in order, nothing after the failure');
    const next = await sender('round-2', url, messages(13, 3), options);
    t.same(next.map((x) => x.statusCode), [200, 200, 200], 'a new round is a new stream');
  });

  t.test(`${name}: a batch queued after the one before it failed and settled sends nothing`, async (t) => {
    const { r, url } = await receiver(t);
    r.behave = (n) => (n === 2 ? 503 : 200);
    const options = { timeoutMs: 2000, allowPrivate: true, startBefore: later() };
    // The round was still reading its next page when this one failed.
    const first = await sender('round-3', url, messages(1, 5), options);
    t.same(first.map((x) => x.statusCode), [200, 200, 503]);
    const late = await sender('round-3', url, messages(6, 5), options);
    t.same(late, [], 'nothing of it is sent');
    t.same(r.requests.map((q) => q.seq), ['1', '2', '3'], 'so nothing reaches the receiver ahead of the failed event');
  });
}

t.test('the thread: an endpoint that hangs does not hold up another', async (t) => {
  const slow = await receiver(t);
  const quick = await receiver(t);
  slow.r.behave = () => 'hang';
  const hanging = thread.send('slow', slow.url, messages(1, 2), { timeoutMs: 1500, allowPrivate: true, startBefore: later() });
  const started = Date.now();
  const results = await thread.send('quick', quick.url, messages(1, 20), { timeoutMs: 1500, allowPrivate: true, startBefore: later() });
  t.equal(results.length, 20);
  t.ok(Date.now() - started < 1500, 'the quick endpoint was served while the slow one hung');
  t.same((await hanging).map((x) => x.statusCode), [null]);
});

t.test('the thread: stopped mid-batch, its batch fails, and the next batch starts a new thread', async (t) => {
  const own = new ThreadSender();
  t.teardown(() => own.close());
  const { r, url } = await receiver(t);
  r.behave = (n) => (n === 0 ? 'hang' : 200);
  const inFlight = own.send('ep-4', url, messages(1, 2), { timeoutMs: 10_000, allowPrivate: true, startBefore: later() });
  inFlight.catch(() => undefined);
  while (r.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await own.close();
  await t.rejects(inFlight, /stopped/, 'nothing is reported as delivered');
  const again = await own.send('ep-5', url, messages(1, 2), { timeoutMs: 2000, allowPrivate: true, startBefore: later() });
  t.same(again.map((x) => x.statusCode), [200, 200], 'a new thread sends the next batch');
});

t.test('the thread refuses private targets unless allowed, as the service does', async (t) => {
  const { r, url } = await receiver(t);
  const results = await thread.send('ep-6', url, messages(1, 2), { timeoutMs: 2000, allowPrivate: false, startBefore: later() });
  t.equal(results.length, 1, 'the refusal is a failure: the batch stops');
  t.equal(results[0]?.statusCode, null);
  t.match(results[0]?.error, /private address/);
  t.equal(r.requests.length, 0);
});
