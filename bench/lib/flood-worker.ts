/**
 * The attacker of the abuse scenario, in a process of its own so that it does not share an
 * event loop with the client it is measured against: autocannon keeps `connections`
 * keep-alive connections busy with GET requests, each with a fresh made-up key, for
 * `durationS` seconds, then prints its answers by status as one JSON line.
 * Usage: node --import tsx bench/lib/flood-worker.ts '<json FloodSpec>'
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';

export interface FloodSpec {
  baseUrl: string;
  path: string;
  connections: number;
  durationS: number;
}

export interface FloodResult {
  requests: number;
  statusCounts: Record<string, number>;
  socketErrors: number;
  durationS: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as FloodSpec;
const instance = autocannon(
  {
    url: spec.baseUrl,
    connections: spec.connections,
    duration: spec.durationS,
    requests: [
      {
        method: 'GET',
        path: spec.path,
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, authorization: `Bearer tbk_${randomBytes(32).toString('base64url')}` } }),
      },
    ],
  },
  () => undefined,
);
process.on('SIGTERM', () => instance.stop());
instance.on('done', (result: autocannon.Result) => {
  const statusCounts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = stat.count ?? 0;
  const out: FloodResult = { requests: result.requests.total, statusCounts, socketErrors: result.errors, durationS: result.duration };
  process.stdout.write(`${JSON.stringify(out)}\n`);
});
