import autocannon from 'autocannon';

export interface LoadSpec {
  baseUrl: string;
  headers: Record<string, string>;
  method: 'GET' | 'POST';
  path: string;
  /** A fresh body per request (random member, merchant, ...). */
  body?: () => string;
  connections: number;
  durationS: number;
}

export interface LoadResult {
  /** Successful (2xx) requests per second. */
  rps: number;
  ok: number;
  /** Latency of the 2xx responses, in milliseconds, from the client's own clock. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  status5xx: number;
  /** Socket errors, timeouts included. */
  socketErrors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  /** A few distinct non-2xx answers, to say what went wrong. */
  errorSamples: string[];
  durationS: number;
}

/** Exact percentile of sorted values (nearest rank). */
export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/**
 * Drives the service with autocannon: `connections` keep-alive connections, each sending its
 * next request as soon as the previous one is answered, for `durationS` seconds.
 * Percentiles come from every 2xx response time (autocannon's own histogram rounds to
 * whole milliseconds, too coarse for reads of a few milliseconds).
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples = new Map<string, string>();
  const body = spec.body;
  const instance = autocannon(
    {
      url: spec.baseUrl,
      connections: spec.connections,
      duration: spec.durationS,
      headers: spec.headers,
      requests: [
        {
          method: spec.method,
          path: spec.path,
          ...(body ? { setupRequest: (request) => ({ ...request, body: body() }) } : {}),
          onResponse: (status, responseBody) => {
            if (status >= 200 && status < 300) return;
            if (errorSamples.size < 5) {
              const key = `${status} ${responseBody.slice(0, 160)}`;
              const code = /"code":"([a-z_]+)"/.exec(responseBody)?.[1] ?? '';
              if (![...errorSamples.keys()].some((k) => k.startsWith(`${status}:${code}`))) errorSamples.set(`${status}:${code}`, key);
            }
          },
        },
      ],
    },
    () => undefined,
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance.on('done', resolve);
    instance.on('error', reject);
  });

  const sorted = Float64Array.from(latencies).sort();
  const statusCounts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = stat.count ?? 0;
  const ok = result['2xx'];
  return {
    rps: result.duration > 0 ? ok / result.duration : 0,
    ok,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: percentile(sorted, 100),
    non2xx: result.non2xx,
    status5xx: result['5xx'],
    socketErrors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
    errorSamples: [...errorSamples.values()],
    durationS: result.duration,
  };
}
