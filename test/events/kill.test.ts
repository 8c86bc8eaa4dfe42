/**
 * kill -9 during webhook delivery (issue 16): the service process is killed while it posts and
 * delivers, another one starts on the same database, and the receiver ends up with every
 * committed event, in order: an event may come twice (at least once), never be skipped, and
 * never arrive after one committed later.
 */
import t from 'tap';
import { ADMIN_KEY, TEST_API_KEY_SECRET } from '../helpers/app.js';
import { testDatabaseUrl } from '../helpers/database.js';
import { Receiver } from '../helpers/receiver.js';
import { type Server, startServer } from '../helpers/server.js';

const databaseUrl = await testDatabaseUrl();
const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };

function start(): Promise<Server> {
  return startServer({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'info',
    API_KEY_SECRET: TEST_API_KEY_SECRET,
    BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0',
    DATABASE_URL: databaseUrl,
    MIGRATE_ON_START: 'false',
    SEQUENCER_INTERVAL_MS: '50',
    WEBHOOK_POLL_INTERVAL_MS: '100',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_TIMEOUT_MS: '1000',
    // The receiver's two failures each hold delivery up for the first retry's wait: 5 s by
    // default, 0.1-0.2 s here. The retry still happens, before the kill or across it.
    WEBHOOK_RETRY_FIRST_MS: '200',
  });
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

t.test('kill -9 mid-delivery loses no event and reorders none', async (t) => {
  const receiver = new Receiver();
  const url = await receiver.start();
  t.teardown(() => receiver.stop());
  // A receiver that fails twice: a retry is pending across the kill or before it.
  receiver.behave = (n) => (n === 5 || n === 30 ? 500 : 200);

  let server = await start();
  t.teardown(() => server.child.kill('SIGKILL'));
  let base = `http://127.0.0.1:${server.port}`;
  const member = await call(base, 'POST', '/v1/accounts', { code: `R-KILL-${Date.now()}`, name: 'kill -9', kind: 'member' });
  const memberId = member.json.id as string;
  const endpoint = await call(base, 'POST', '/v1/webhook-endpoints', { url, eventTypes: ['transaction.posted'], filter: { accountIds: [memberId] } });
  t.equal(endpoint.status, 201);
  receiver.secrets = [endpoint.json.secret as string];

  const answered = new Set<string>();
  const post = async (b: string) => {
    const res = await fetch(`${b}/v1/earnings`, { method: 'POST', headers, body: JSON.stringify({ accountId: memberId, amount: '1', category: 'public_labour' }) }).catch(() => undefined);
    if (res?.status === 201) answered.add(((await res.json()) as { id: string }).id);
  };
  // Postings come four at a time; the first process is killed while it still delivers them.
  const postUntil = async (b: string, count: number, until: () => boolean) => {
    while (answered.size < count && !until()) await Promise.all([post(b), post(b), post(b), post(b)]);
  };
  // The kill comes once 40 requests have arrived, while postings may still be in flight: it
  // does not wait for the posting to end (with retries after 0.1-0.2 s, delivery would all but
  // catch up with it by then).
  let killed = false;
  const posting = postUntil(base, 200, () => killed);
  while (receiver.requests.length < 40) await new Promise((r) => setTimeout(r, 10));
  killed = true;
  server.child.kill('SIGKILL');
  await server.exited;
  await posting;
  const atKill = receiver.requests.length;
  const answeredAtKill = answered.size;
  server = await start();
  base = `http://127.0.0.1:${server.port}`;
  await postUntil(base, answeredAtKill + 100, () => false);

  // Every transaction of the member, committed: the answered ones and any whose answer the kill lost.
  const committed: string[] = [];
  for (let cursor: string | null = null; ; ) {
    const page = await call(base, 'GET', `/v1/transactions?accountId=${memberId}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    committed.push(...(page.json.data as { id: string }[]).map((x) => x.id));
    cursor = page.json.nextCursor as string | null;
    if (!cursor) break;
  }
  const deadline = Date.now() + 60_000;
  const delivered = () => new Set(receiver.requests.filter((r) => r.status === 200).map((r) => (r.data.transaction as { id: string }).id));
  while (delivered().size < committed.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

  t.ok(atKill >= 40, `the first process had delivered (${atKill} requests) when it was killed`);
  const deliveredAtKill = new Set(receiver.requests.slice(0, atKill).filter((r) => r.status === 200).map((r) => (r.data.transaction as { id: string }).id));
  t.ok(
    deliveredAtKill.size < answeredAtKill,
    `and still had postings to deliver (${answeredAtKill - deliveredAtKill.size} of ${answeredAtKill} answered)`,
  );
  t.ok(answeredAtKill > 0 && answered.size > answeredAtKill, `postings before (${answeredAtKill}) and after (${answered.size - answeredAtKill}) the kill`);
  t.ok([...answered].every((id) => committed.includes(id)), 'every answered posting committed');
  t.same([...delivered()].sort(), [...committed].sort(), `every committed posting was delivered (${committed.length}), and nothing else`);
  const oks = receiver.requests.filter((r) => r.status === 200).map((r) => BigInt(r.seq));
  const firsts = oks.filter((seq, i) => oks.indexOf(seq) === i);
  // On a failure, the receiver's log in short: seq:status per request, and where the kill fell.
  const log = receiver.requests.map((r, i) => `${i === atKill ? '| ' : ''}${r.seq}:${r.status}`).join(' ');
  t.ok(firsts.every((seq, i) => i === 0 || seq > (firsts[i - 1] as bigint)), 'first deliveries are in seq order', { log });
  // In order also across retries: no event is tried before every earlier one was acknowledged.
  let acked = 0n;
  const jumped = receiver.requests.filter((r) => {
    const seq = BigInt(r.seq);
    const ahead = seq > acked && firsts.some((s) => s > acked && s < seq);
    if (r.status === 200 && seq > acked) acked = seq;
    return ahead;
  });
  t.same(jumped.map((r) => r.seq), [], 'no event was sent while an earlier one was unacknowledged', { log });
  t.ok(receiver.requests.every((r) => r.verifiedWith.length === 1), 'every request verifies with standardwebhooks');
  const duplicates = oks.length - firsts.length;
  t.comment(`${receiver.requests.length} requests, ${oks.length} acknowledged, ${duplicates} duplicates after the kill`);
});
