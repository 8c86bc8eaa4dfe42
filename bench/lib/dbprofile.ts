import pg from 'pg';

/**
 * Where the database's time goes while a scenario runs (profile mode only): what the
 * service's backends are waiting on, sampled from pg_stat_activity, and the time spent in
 * each ledger function and trigger (track_functions = 'all').
 */
export class WaitSampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  private constructor(
    private readonly client: pg.Client,
    private readonly database: string,
  ) {}

  static async open(url: string, database: string): Promise<WaitSampler> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new WaitSampler(client, database);
  }

  start(intervalMs = 50): void {
    this.counts.clear();
    this.samples = 0;
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ what: string; n: string }>(
        `SELECT CASE WHEN state = 'idle in transaction' THEN 'idle in transaction (waiting for the service)'
                     WHEN wait_event IS NULL THEN 'running (CPU)'
                     ELSE wait_event_type || ': ' || wait_event END AS what, count(*) AS n
           FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'
          GROUP BY 1`,
        [this.database],
      );
      this.samples += 1;
      for (const r of rows) this.counts.set(r.what, (this.counts.get(r.what) ?? 0) + Number(r.n));
    } finally {
      this.busy = false;
    }
  }

  /** Stops; "what: average backends in that state" lines, most first. */
  stop(): string[] {
    clearInterval(this.timer);
    const samples = Math.max(1, this.samples);
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${what} ${(n / samples).toFixed(2)}`);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.client.end();
  }
}

/** Turns function timing on for new sessions of the database, and zeroes its statistics. */
export async function trackFunctions(client: pg.Client, database: string): Promise<void> {
  await client.query(`ALTER DATABASE "${database.replace(/"/g, '""')}" SET track_functions = 'all'`);
  await client.query('SELECT pg_stat_reset()');
}

/** The functions the service's sessions spent most time in since trackFunctions. */
export async function functionTimes(client: pg.Client): Promise<string[]> {
  // The statistics collector publishes with a short delay.
  await new Promise((resolve) => setTimeout(resolve, 700));
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ funcname: string; calls: string; total: number; self: number }>(
    `SELECT funcname, calls, total_time AS total, self_time AS self FROM pg_stat_user_functions
      ORDER BY total_time DESC LIMIT 10`,
  );
  return rows.map(
    (r) => `${r.funcname}: ${Number(r.calls).toLocaleString('en-US')} calls, ${(r.total / Number(r.calls)).toFixed(3)} ms each (self ${(r.self / Number(r.calls)).toFixed(3)} ms)`,
  );
}
