/**
 * The events outbox and the pull feed (issue 16): every change an app may care about is an
 * event written in the transaction that makes the change, numbered gap-free in commit order,
 * read by scope, and waited for with a long-poll.
 */
import t from 'tap';
import { fixture } from '../helpers/app.js';
import { createKey, bearer } from '../helpers/access.js';
import { TestClock } from '../helpers/clock.js';
import { expectProblem } from '../helpers/contract.js';
import { buildWorkflowApp } from '../helpers/workflows.js';

const clock = new TestClock();
// The sequencer and delivery run when the test says.
const { app, c } = await buildWorkflowApp({ SEQUENCER_INTERVAL_MS: '0', WEBHOOK_POLL_INTERVAL_MS: '0' }, { clock });
t.teardown(() => app.close());
const f = fixture(c);

interface Ev {
  id: string;
  seq: string;
  type: string;
  timestamp: string;
  data: Record<string, Record<string, unknown>>;
}

async function head(): Promise<string> {
  await app.services.jobs.sequenceEvents();
  let after = '0';
  for (;;) {
    const page = (await c.get(`/v1/events?after=${after}&limit=200`)).json() as { data: Ev[]; nextAfter: string };
    if (page.data.length === 0) return page.nextAfter;
    after = page.nextAfter;
  }
}

async function eventsAfter(after: string, headers: Record<string, string> = {}, query = ''): Promise<Ev[]> {
  await app.services.jobs.sequenceEvents();
  const out: Ev[] = [];
  let cursor = after;
  for (;;) {
    const res = await c.get(`/v1/events?after=${cursor}&limit=200${query}`, headers);
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
    const page = res.json() as { data: Ev[]; nextAfter: string };
    out.push(...page.data);
    if (page.data.length === 0) return out;
    cursor = page.nextAfter;
  }
}

t.test('postings, holds and account changes are events, in commit order, with what they changed', async (t) => {
  const start = await head();
  const m = await f.member();
  const s = await f.merchant();
  const shut = await f.merchant();
  const earn = (await c.post('/v1/earnings', { accountId: m.id, amount: '30', category: 'public_labour', description: 'courtyard' })).json();
  const h1 = (await c.post('/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '5.50' })).json();
  const sale = (await c.post(`/v1/holds/${h1.id}/capture`, { amount: '5' })).json();
  const h2 = (await c.post('/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '1' })).json();
  await c.post(`/v1/holds/${h2.id}/void`);
  const h3 = (await c.post('/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '2', expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() })).json();
  clock.advance(61_000);
  t.equal((await c.patch(`/v1/accounts/${shut.id}`, { status: 'frozen' })).statusCode, 200);
  t.equal((await c.patch(`/v1/accounts/${shut.id}`, { status: 'closed' })).statusCode, 200);

  const seen = await eventsAfter(start);
  const mine = seen.filter((e) => [m.id, s.id, shut.id].some((id) => JSON.stringify(e.data).includes(id)));
  // In the order the changes committed; hold.expired comes when the sequencer sees the clock
  // past expiresAt, which is after the account changes here.
  t.same(
    mine.map((e) => `${e.type} ${(e.data.transaction ?? e.data.hold ?? e.data.account)?.id}`),
    [
      `transaction.posted ${earn.id}`,
      `hold.created ${h1.id}`,
      `hold.captured ${h1.id}`,
      `transaction.posted ${sale.id}`,
      `hold.created ${h2.id}`,
      `hold.voided ${h2.id}`,
      `hold.created ${h3.id}`,
      `account.frozen ${shut.id}`,
      `account.closed ${shut.id}`,
      `hold.expired ${h3.id}`,
    ],
    'every change is an event, once, in commit order',
  );
  const seqs = seen.map((e) => BigInt(e.seq));
  t.same(seqs, seqs.map((_, i) => BigInt(start) + BigInt(i) + 1n), 'the seqs after the start are gap-free');
  const posted = mine.find((e) => e.type === 'transaction.posted' && e.data.transaction?.id === earn.id);
  t.match(posted, {
    id: `evt_${posted?.seq}`,
    data: { transaction: { kind: 'earning', category: 'public_labour', description: 'courtyard', entries: [{ amount: '-30.00' }, { accountId: m.id, amount: '30.00' }] } },
  });
  const captured = mine.find((e) => e.type === 'hold.captured');
  t.match(captured?.data.hold, { status: 'captured', amount: '5.50', capturedAmount: '5.00', transactionId: sale.id });
  t.match(mine.find((e) => e.type === 'hold.expired')?.data.hold, { status: 'expired', capturedAmount: null });
});

t.test('a refused change writes no event', async (t) => {
  const m = await f.member('1');
  const s = await f.merchant();
  const start = await head();
  const res = await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount: '2' });
  await expectProblem(t, res, 422, 'insufficient_funds');
  t.same(await eventsAfter(start), [], 'nothing after the refusal');
});

t.test('concurrent postings: every one is an event once, and the seqs have no gap', async (t) => {
  const m = await f.member();
  const start = await head();
  const posted = new Set<string>();
  await Promise.all(
    Array.from({ length: 60 }, async (_, i) => {
      const res = await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'duty_shift' });
      posted.add(res.json().id as string);
      if (i % 10 === 0) await app.services.jobs.sequenceEvents();
    }),
  );
  const seen = await eventsAfter(start);
  const ids = seen.filter((e) => e.type === 'transaction.posted').map((e) => e.data.transaction?.id as string);
  t.equal(ids.length, 60);
  t.same([...ids].sort(), [...posted].sort(), 'each posting once');
  t.same(seen.map((e) => BigInt(e.seq)), seen.map((_, i) => BigInt(start) + BigInt(i) + 1n), 'gap-free');
});

t.test('a reader paging while the sequencer commits never skips an event', async (t) => {
  const m = await f.member();
  const start = await head();
  let writing = true;
  const writer = (async () => {
    let n = 0;
    while (writing) {
      await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'duty_shift' });
      await app.services.jobs.sequenceEvents();
      n += 1;
    }
    return n;
  })();
  // Small pages that keep up with the head: each read sees the sequencer committing around it.
  const read: bigint[] = [];
  let after = start;
  const until = Date.now() + 2500;
  while (Date.now() < until) {
    const page = (await c.get(`/v1/events?after=${after}&limit=5`)).json() as { data: Ev[]; nextAfter: string };
    read.push(...page.data.map((e) => BigInt(e.seq)));
    after = page.nextAfter;
  }
  writing = false;
  const written = await writer;
  for (;;) {
    const page = (await c.get(`/v1/events?after=${after}&limit=200`)).json() as { data: Ev[]; nextAfter: string };
    if (page.data.length === 0) break;
    read.push(...page.data.map((e) => BigInt(e.seq)));
    after = page.nextAfter;
  }
  t.ok(written > 20, `the writer committed while the reader read (${written} postings)`);
  t.same(read, read.map((_, i) => BigInt(start) + BigInt(i) + 1n), 'every seq, once, in order: none passed over');
});

t.test('scope: a cashier hears its supermarkets, an issuer the earnings', async (t) => {
  const m = await f.member('50');
  const mine = await f.merchant();
  const theirs = await f.merchant();
  const cashier = await createKey(c, 'cashier', { merchantAccountIds: [mine.id] });
  const issuer = await createKey(c, 'issuer');
  const start = await head();
  await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: mine.id, amount: '1' });
  await c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: theirs.id, amount: '2' });
  await c.post('/v1/earnings', { accountId: m.id, amount: '3', category: 'donation' });
  const forCashier = await eventsAfter(start, bearer(cashier.key));
  t.same(forCashier.map((e) => e.data.transaction?.entries), [[{ accountId: m.id, amount: '-1.00' }, { accountId: mine.id, amount: '1.00' }]]);
  const forIssuer = await eventsAfter(start, bearer(issuer.key));
  t.same(forIssuer.map((e) => e.data.transaction?.category), ['donation'], 'the earning only');
  const forAdmin = await eventsAfter(start);
  t.equal(forAdmin.length, 3, 'the admin hears all three');
  const typed = await eventsAfter(start, {}, '&types=hold.created');
  t.same(typed, [], 'a type filter');
  await expectProblem(t, await c.get('/v1/events?types=nope'), 400, 'validation_failed');
  await expectProblem(t, await c.get('/v1/events?wait=31'), 400, 'validation_failed');
  await expectProblem(t, await c.get('/v1/events?after=-1'), 400, 'validation_failed');
});

t.test('long-poll: an empty read waits, and the next event wakes it', async (t) => {
  const m = await f.member();
  const start = await head();
  const began = Date.now();
  const waiting = c.get(`/v1/events?after=${start}&wait=20`);
  await new Promise((r) => setTimeout(r, 200));
  await c.post('/v1/earnings', { accountId: m.id, amount: '4', category: 'public_labour' });
  await app.services.jobs.sequenceEvents();
  const res = await waiting;
  const page = res.json() as { data: Ev[] };
  t.equal(page.data.length, 1, 'the new event');
  t.ok(Date.now() - began < 10_000, `woken, not timed out (${Date.now() - began} ms)`);
  const empty = await c.get(`/v1/events?after=${page.data[0]?.seq}&wait=1`);
  t.same(empty.json(), { data: [], nextAfter: page.data[0]?.seq }, 'nothing new: empty after the wait');
});

t.test('a balance monitor fires once per crossing, and re-arms when the balance comes back', async (t) => {
  const m = await f.member('10');
  const s = await f.merchant();
  const res = await c.post('/v1/balance-monitors', { accountId: m.id, direction: 'below', threshold: '5' });
  t.equal(res.statusCode, 201, res.body);
  const monitor = res.json();
  t.equal(monitor.beyond, false);
  const start = await head();
  const redeem = (amount: string) => c.post('/v1/redemptions', { accountId: m.id, merchantAccountId: s.id, amount });
  const earn = (amount: string) => c.post('/v1/earnings', { accountId: m.id, amount, category: 'public_labour' });
  await redeem('6'); // 4: crossed below
  await app.services.jobs.sequenceEvents();
  await redeem('1'); // 3: still below, no event
  await app.services.jobs.sequenceEvents();
  await earn('10'); // 13: back above, re-armed
  await app.services.jobs.sequenceEvents();
  await c.post('/v1/holds', { accountId: m.id, merchantAccountId: s.id, amount: '9' }); // available 4: crossed again
  const crossings = (await eventsAfter(start)).filter((e) => e.type === 'balance.crossed');
  t.equal(crossings.length, 2, 'two crossings, two events');
  t.match(crossings[0]?.data, { monitor: { id: monitor.id, direction: 'below', threshold: '5.00' }, available: '4.00' });
  t.match(crossings[1]?.data, { available: '4.00' });
  const list = await c.get(`/v1/balance-monitors?accountId=${m.id}`);
  t.match(list.json(), { data: [{ id: monitor.id, beyond: true }] });
  t.equal((await c.request('DELETE', `/v1/balance-monitors/${monitor.id}`)).statusCode, 204);
});

t.test('closing the service answers a waiting long-poll at once', async (t) => {
  const { app: other, c: oc } = await buildWorkflowApp({ SEQUENCER_INTERVAL_MS: '0', WEBHOOK_POLL_INTERVAL_MS: '0' });
  const h = await head();
  const began = Date.now();
  const waiting = oc.get(`/v1/events?after=${h}&wait=30`);
  await new Promise((r) => setTimeout(r, 200));
  await other.close();
  const res = await waiting;
  t.equal(res.statusCode, 200);
  t.same(res.json().data, []);
  t.ok(Date.now() - began < 10_000, `answered on close, not after 30 s (${Date.now() - began} ms)`);
});
