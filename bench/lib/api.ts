/** A small JSON client for the service's /v1 API, as the bench's admin key. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly key: string,
  ) {}

  get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' };
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? { authorization: `Bearer ${this.key}` } : this.headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  /** POSTs and insists on `expected`; returns the parsed body. */
  async post<T>(path: string, body: unknown, expected = 201): Promise<T> {
    const res = await this.request('POST', path, body);
    if (res.status !== expected) throw new Error(`POST ${path}: ${res.status} ${res.text.slice(0, 500)}`);
    return res.json as T;
  }
}

/**
 * True when the service answered "this route does not exist" (the not-found handler's
 * problem), as opposed to a 404 for a missing account or transaction.
 */
export function isMissingRoute(status: number, json: unknown): boolean {
  if (status !== 404 || !json || typeof json !== 'object') return false;
  const p = json as { code?: unknown; detail?: unknown };
  return p.code === 'not_found' && typeof p.detail === 'string' && p.detail.startsWith('no route');
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T, i);
    }
  });
  await Promise.all(runners);
  return results;
}
