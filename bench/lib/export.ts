import { isMissingRoute } from './api.js';
import { RssSampler, resetPeakRss, rssBytes } from './service.js';

export type ExportResult =
  | { kind: 'missing' }
  | { kind: 'failed'; status: number; detail: string }
  | {
      kind: 'done';
      lines: number;
      bytes: number;
      seconds: number;
      linesPerS: number;
      /** Peak RSS of the service while it streamed, in bytes. */
      peakRss: number;
      /** The URL asked for (the window of the long history, or the whole journal). */
      query: string;
    };

/**
 * Streams GET /v1/journal?format=jsonl and counts lines as they arrive, while watching the
 * service's memory: VmRSS sampled every 100 ms, and VmHWM reset before the request and read
 * after it, so that a spike between samples is not missed.
 */
export async function measureExport(
  baseUrl: string,
  key: string,
  servicePid: number,
  window: { from: string; to: string },
): Promise<ExportResult> {
  const windowed = `/v1/journal?format=jsonl&from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}`;
  let result = await stream(baseUrl, key, servicePid, windowed);
  // A first version of the endpoint may not take a window yet: then export everything.
  if (result.kind === 'failed' && result.status === 400) result = await stream(baseUrl, key, servicePid, '/v1/journal?format=jsonl');
  return result;
}

async function stream(baseUrl: string, key: string, pid: number, query: string): Promise<ExportResult> {
  const hwmReset = resetPeakRss(pid);
  const sampler = new RssSampler(pid, 100);
  const started = performance.now();
  let lines = 0;
  let bytes = 0;
  try {
    const res = await fetch(`${baseUrl}${query}`, {
      headers: { authorization: `Bearer ${key}` },
      signal: AbortSignal.timeout(15 * 60 * 1000),
    });
    if (res.status !== 200 || !res.body) {
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return isMissingRoute(res.status, json) ? { kind: 'missing' } : { kind: 'failed', status: res.status, detail: text.slice(0, 300) };
    }
    let last = 0x0a;
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x0a) lines++;
      last = chunk[chunk.length - 1] ?? last;
    }
    if (last !== 0x0a && bytes > 0) lines++;
    const seconds = (performance.now() - started) / 1000;
    const sampled = sampler.stop();
    const hwm = hwmReset ? (rssBytes(pid, 'VmHWM') ?? 0) : 0;
    return { kind: 'done', lines, bytes, seconds, linesPerS: lines / seconds, peakRss: Math.max(sampled, hwm), query };
  } finally {
    sampler.stop();
  }
}
