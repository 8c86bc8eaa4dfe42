import http from 'node:http';
import { type LoadResult, type LoadSpec, percentile } from './load.js';

/**
 * An open-loop load: `rate` requests per second, evenly spaced, over at most `connections`
 * keep-alive sockets, for `durationS` seconds. Unlike a closed loop (and unlike
 * autocannon's rate limit, which releases each second's requests in a burst), a request is
 * sent when its turn comes whether or not earlier ones were answered, and its latency is
 * counted from that turn: time spent waiting for a free socket is latency too, so a
 * service that falls behind cannot hide it.
 */
export async function runPaced(spec: LoadSpec & { rate: number }): Promise<LoadResult> {
  const url = new URL(spec.path, spec.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const total = Math.max(1, Math.round(spec.rate * spec.durationS));
  const intervalMs = 1000 / spec.rate;
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const errorSamples = new Map<string, string>();
  let socketErrors = 0;
  let pending = 0;
  let sent = 0;
  /** One request (a fresh body each time), sent at once. */
  const send = (onResponse: (response: http.IncomingMessage) => void): http.ClientRequest => {
    const body = spec.body?.();
    const headers = { ...spec.headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) };
    const request = http.request(url, { method: spec.method, agent, headers }, onResponse);
    request.end(body);
    return request;
  };

  // Open every connection before the clock starts, as autocannon does: otherwise the first
  // half second measures TCP handshakes and new sockets rather than the service (seen here:
  // most requests over 5 ms of a 2,000/s run fell in its first 0.8 s).
  await Promise.all(
    Array.from(
      { length: spec.connections },
      () =>
        new Promise<void>((resolve) => {
          const request = send((response) => response.resume().on('end', resolve));
          request.on('error', () => resolve());
        }),
    ),
  );

  const started = performance.now();
  await new Promise<void>((resolve) => {
    const finishIfDone = () => {
      if (sent === total && pending === 0) resolve();
    };
    const fire = (due: number) => {
      pending++;
      const request = send((response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          statusCounts[String(status)] = (statusCounts[String(status)] ?? 0) + 1;
          if (status >= 200 && status < 300) latencies.push(performance.now() - due);
          else if (errorSamples.size < 5) errorSamples.set(String(status), `${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 160)}`);
          pending--;
          finishIfDone();
        });
      });
      request.on('error', (error) => {
        socketErrors++;
        if (errorSamples.size < 5) errorSamples.set(error.message, error.message);
        pending--;
        finishIfDone();
      });
    };
    // Wake every millisecond and send every request whose turn has come.
    const timer = setInterval(() => {
      const now = performance.now();
      while (sent < total && started + sent * intervalMs <= now) fire(started + sent++ * intervalMs);
      if (sent === total) {
        clearInterval(timer);
        finishIfDone();
      }
    }, 1);
  });
  const durationS = (performance.now() - started) / 1000;
  agent.destroy();

  const sorted = Float64Array.from(latencies).sort();
  const ok = latencies.length;
  const non2xx = Object.entries(statusCounts).reduce((n, [code, count]) => (code.startsWith('2') ? n : n + count), 0);
  return {
    rps: ok / durationS,
    ok,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: percentile(sorted, 100),
    non2xx,
    status5xx: Object.entries(statusCounts).reduce((n, [code, count]) => (code.startsWith('5') ? n + count : n), 0),
    socketErrors,
    timeouts: 0,
    statusCounts,
    errorSamples: [...errorSamples.values()],
    durationS,
  };
}
