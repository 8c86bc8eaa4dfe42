/**
 * The events scenario (issue 16): posting throughput with the outbox on against off in the
 * same run (alternating turns, so a drift of the shared machine's load counts against
 * neither), the delivery lag from commit to a local receiver's 2xx at 500 postings/s, and a
 * receiver that is down half the time (alternating 2 s windows) still getting every event,
 * in order, and nothing else.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type pg from 'pg';
import { Webhook } from 'standardwebhooks';
import type { Api } from './api.js';
import { type LoadResult, percentile, runLoad } from './load.js';
import { runPaced } from './paced.js';
import { type Check, check, fmtMs, fmtRatio, type Row } from './report.js';

export const OUTBOX_ON_OVER_OFF_MIN = 0.9;
export const DELIVERY_LAG_P99_MS_MAX = 1000;
export const DELIVERY_RATE = 500;
const TURNS = 2;
const FLAP_WINDOW_MS = 2000;
const CATCH_UP_TIMEOUT_MS = 180_000;

interface Delivery {
  seq: bigint;
  ok: boolean;
  verified: boolean;
  lagMs: number;
}

/** A receiver in this process: verifies every signature, answers 2xx unless `down()` says otherwise. */
async function receiver(down: () => boolean): Promise<{ url: string; got: Delivery[]; setSecret(s: string): void; server: Server }> {
  const got: Delivery[] = [];
  let wh: Webhook | undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const at = Date.now();
      let verified = false;
      try {
        wh?.verify(body, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const event = JSON.parse(body) as { seq: string; data: { transaction?: { recordedAt: string } } };
      const ok = !down();
      const recordedAt = event.data.transaction ? Date.parse(event.data.transaction.recordedAt) : at;
      got.push({ seq: BigInt(event.seq), ok, verified, lagMs: at - recordedAt });
      res.writeHead(ok ? 204 : 503).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    setSecret: (s) => {
      wh = new Webhook(s);
    },
    server,
  };
}

async function eventsHead(sql: pg.Client): Promise<bigint> {
  const r = await sql.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM events');
  return BigInt(r.rows[0]?.seq ?? '0');
}

export interface EventsScenarioInput {
  api: Api;
  sql: pg.Client;
  body: () => string;
  connections: number;
  durationS: number;
  warmupS: number;
  judge: boolean;
  log: (line: string) => void;
}

export async function runEventsScenario(input: EventsScenarioInput): Promise<{ rows: Row[]; checks: Check[]; notes: string[]; errors: number }> {
  const { api, sql, log } = input;
  const rows: Row[] = [];
  const notes: string[] = [];
  const spec = { baseUrl: api.baseUrl, headers: api.headers, method: 'POST' as const, path: '/v1/redemptions', body: input.body, connections: input.connections };
  const outbox = (on: boolean) => sql.query(`ALTER TABLE transactions ${on ? 'ENABLE ALWAYS' : 'DISABLE'} TRIGGER transactions_outbox`);

  // ------------------------------------------------------------------ outbox on / off
  if (input.warmupS > 0) await runLoad({ ...spec, durationS: input.warmupS });
  const on: LoadResult[] = [];
  const off: LoadResult[] = [];
  try {
    for (let turn = 0; turn < TURNS; turn += 1) {
      await outbox(true);
      on.push(await runLoad({ ...spec, durationS: input.durationS }));
      await outbox(false);
      off.push(await runLoad({ ...spec, durationS: input.durationS }));
    }
  } finally {
    await outbox(true);
  }
  const rate = (rs: LoadResult[]) => rs.reduce((n, r) => n + r.ok, 0) / rs.reduce((n, r) => n + r.durationS, 0);
  const onRps = rate(on);
  const offRps = rate(off);
  const errors = [...on, ...off].reduce((n, r) => n + r.status5xx, 0);
  rows.push({ scenario: `redemptions, outbox on (${TURNS} turns)`, rps: onRps, p50Ms: Math.max(...on.map((r) => r.p50Ms)), p99Ms: Math.max(...on.map((r) => r.p99Ms)), errors: on.reduce((n, r) => n + r.non2xx + r.socketErrors, 0) });
  rows.push({ scenario: `redemptions, outbox off (${TURNS} turns, alternating)`, rps: offRps, p50Ms: Math.max(...off.map((r) => r.p50Ms)), p99Ms: Math.max(...off.map((r) => r.p99Ms)), errors: off.reduce((n, r) => n + r.non2xx + r.socketErrors, 0) });
  notes.push(`outbox on/off turns: on ${on.map((r) => r.rps.toFixed(0)).join(', ')}/s, off ${off.map((r) => r.rps.toFixed(0)).join(', ')}/s`);
  log(`  outbox on ${onRps.toFixed(0)}/s, off ${offRps.toFixed(0)}/s (${fmtRatio(onRps / offRps)})`);

  // ------------------------------------------------------- delivery at DELIVERY_RATE postings/s
  // Let the sequencer catch up with the turns above, so the endpoints start from a quiet head.
  for (let i = 0; i < 100; i += 1) {
    const q = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM event_outbox');
    if ((q.rows[0]?.n ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const started = Date.now();
  const steady = await receiver(() => false);
  const flapping = await receiver(() => Math.floor((Date.now() - started) / FLAP_WINDOW_MS) % 2 === 1);
  try {
    const endpoints: string[] = [];
    for (const r of [steady, flapping]) {
      const ep = await api.post<{ id: string; secret: string }>('/v1/webhook-endpoints', { url: r.url, eventTypes: ['transaction.posted'] });
      r.setSecret(ep.secret);
      endpoints.push(ep.id);
    }
    const from = await eventsHead(sql);
    // The receivers share this process with the paced load: its event loop's delay says
    // whether the bench itself holds deliveries back (a late 'end' handler counts as lag).
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const paced = await runPaced({ ...spec, rate: DELIVERY_RATE, durationS: input.durationS });
    loopDelay.disable();
    // Every event of the run: the postings just made (nothing else posts meanwhile).
    let expected: bigint[] = [];
    const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
    const firstOks = (got: Delivery[]) => {
      const seen = new Set<bigint>();
      return got.filter((d) => d.ok && !seen.has(d.seq) && seen.add(d.seq)).map((d) => d.seq);
    };
    for (;;) {
      const q = await sql.query<{ seq: string }>("SELECT seq::text AS seq FROM events WHERE seq > $1 AND type = 'transaction.posted' ORDER BY seq", [from.toString()]);
      expected = q.rows.map((r) => BigInt(r.seq));
      const done = expected.length >= paced.ok && firstOks(steady.got).length >= expected.length && firstOks(flapping.got).length >= expected.length;
      if (done || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const caughtUpS = (Date.now() - started) / 1000;
    const lags = steady.got.filter((d) => d.ok && d.seq > from).map((d) => d.lagMs).sort((a, b) => a - b);
    const lagP99 = percentile(lags, 99);
    const inOrder = (seqs: bigint[]) => seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as bigint));
    const same = (a: bigint[], b: bigint[]) => a.length === b.length && a.every((s, i) => s === b[i]);
    const flapOks = firstOks(flapping.got);
    const flapExact = same(flapOks, expected) && inOrder(flapOks);
    const steadyExact = same(firstOks(steady.got), expected);
    const unverified = [...steady.got, ...flapping.got].filter((d) => !d.verified).length;
    const failedTries = flapping.got.filter((d) => !d.ok).length;
    rows.push({ scenario: `redemptions paced at ${DELIVERY_RATE}/s with two webhook endpoints`, rps: paced.rps, p50Ms: paced.p50Ms, p99Ms: paced.p99Ms, errors: paced.non2xx + paced.socketErrors });
    rows.push({ scenario: 'webhook delivery lag, commit (recordedAt) to the receiver, steady receiver', p50Ms: percentile(lags, 50), p99Ms: lagP99 });
    notes.push(
      `webhooks at ${DELIVERY_RATE}/s: ${expected.length} events; the steady receiver got ${firstOks(steady.got).length} (${steadyExact ? 'exactly those' : 'NOT exactly those'}, ` +
        `${steady.got.length - firstOks(steady.got).length} repeats); the receiver down half the time (alternating ${FLAP_WINDOW_MS / 1000} s windows) ` +
        `got ${flapOks.length} (${flapExact ? 'exactly those, in order' : 'NOT exactly those in order'}) after ${failedTries} failed tries, caught up ${caughtUpS.toFixed(0)} s after the load began; ` +
        `${unverified} requests failed signature verification (standardwebhooks); the service retried a failing endpoint after 250 ms doubling (WEBHOOK_RETRY_FIRST_MS=250, the default 5 s would leave a receiver down every other 2 s behind), so this check is about correctness`,
      `the bench process's event loop delay during the paced load (it runs the receivers too): p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
    );
    log(`  webhook lag p50 ${fmtMs(percentile(lags, 50))} ms, p99 ${fmtMs(lagP99)} ms; flapping receiver ${flapExact ? 'exact, in order' : 'NOT exact'} (${failedTries} failed tries)`);
    for (const id of endpoints) await api.request('DELETE', `/v1/webhook-endpoints/${id}`);
    const checks = [
      check('posting throughput, outbox on / off (issue 16)', onRps / offRps, '>=', OUTBOX_ON_OVER_OFF_MIN, fmtRatio, input.judge),
      check(`webhook delivery lag p99 at ${DELIVERY_RATE} postings/s (issue 16)`, lagP99, '<=', DELIVERY_LAG_P99_MS_MAX, (n) => `${fmtMs(n)} ms`, input.judge),
      check('receiver down half the time: events missing, extra or out of order (issue 16)', flapExact && unverified === 0 ? 0 : 1, '==', 0, (n) => (n === 0 ? 'none' : 'some'), input.judge),
    ];
    return { rows, checks, notes, errors: errors + paced.status5xx };
  } finally {
    steady.server.closeAllConnections();
    flapping.server.closeAllConnections();
    steady.server.close();
    flapping.server.close();
  }
}
