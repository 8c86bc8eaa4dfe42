import { setTimeout as sleep } from 'node:timers/promises';

export interface ExportCrowdResult {
  /** Exports the service admitted (answered 200), and those that ran to their end. */
  admitted: number;
  finished: number;
  /** The most exports streaming at one moment. */
  mostRunning: number;
  /** Refusals by status (429: the key's share, 503: the service's). */
  refused: Record<string, number>;
  /** Answers that were neither 200 nor a refusal, and failed connections. */
  failed: number;
  bytes: number;
}

/**
 * `clients` auditors, each exporting the journal over and over until `stop()`: a 200 is read
 * to its end (or until stopped), a 429 or 503 is retried after its Retry-After. Keys are
 * shared round-robin, as teams of auditors would share them.
 */
export function startExportCrowd(spec: { baseUrl: string; keys: readonly string[]; clients: number; query: string }): {
  stop: () => Promise<ExportCrowdResult>;
} {
  const result: ExportCrowdResult = { admitted: 0, finished: 0, mostRunning: 0, refused: {}, failed: 0, bytes: 0 };
  const halt = new AbortController();
  let running = 0;
  const client = async (i: number) => {
    const key = spec.keys[i % spec.keys.length] as string;
    while (!halt.signal.aborted) {
      try {
        const res = await fetch(`${spec.baseUrl}${spec.query}`, { headers: { authorization: `Bearer ${key}` }, signal: halt.signal });
        if (res.status === 200 && res.body) {
          result.admitted += 1;
          running += 1;
          result.mostRunning = Math.max(result.mostRunning, running);
          try {
            for await (const chunk of res.body as AsyncIterable<Uint8Array>) result.bytes += chunk.length;
            result.finished += 1;
          } finally {
            running -= 1;
          }
        } else if (res.status === 429 || res.status === 503) {
          result.refused[res.status] = (result.refused[res.status] ?? 0) + 1;
          await res.text();
          const wait = Number(res.headers.get('retry-after') ?? '1');
          await sleep(Math.max(0.1, wait) * 1000, undefined, { signal: halt.signal });
        } else {
          result.failed += 1;
          await res.text();
          await sleep(1000, undefined, { signal: halt.signal });
        }
      } catch {
        // Stopped (an AbortError), or a connection that failed: counted unless stopped.
        if (halt.signal.aborted) return;
        result.failed += 1;
        await sleep(200).catch(() => undefined);
      }
    }
  };
  const clients = Array.from({ length: spec.clients }, (_, i) => client(i));
  return {
    async stop() {
      halt.abort();
      await Promise.allSettled(clients);
      return result;
    },
  };
}
