import pg from 'pg';
import type { Logger } from 'pino';

export interface Listener {
  /** Settles once the first attempt to listen has succeeded or failed (it is retried). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface ListenOptions {
  databaseUrl: string;
  channel: string;
  /** Shown in pg_stat_activity, to tell this connection from the pool's. */
  applicationName: string;
  onMessage(payload: string): void;
  /**
   * The connection dropped or came back: notifications sent meanwhile were missed.
   */
  onGap(): void;
  logger?: Logger | undefined;
}

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 10_000;

/**
 * A connection of its own (not the pool's: a pooled one is handed to other work between
 * queries, and its LISTEN with it) that listens on `channel`, and reconnects with a growing
 * delay when it is lost.
 */
export function listen(options: ListenOptions): Listener {
  let closed = false;
  let current: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let delayMs = RETRY_FIRST_MS;
  let settleReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    settleReady = resolve;
  });

  const drop = (client: pg.Client, error?: unknown) => {
    if (client !== current && current !== undefined) return;
    if (current === client) current = undefined;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    settleReady();
    if (closed) return;
    options.logger?.warn({ err: error, channel: options.channel, retryInMs: delayMs }, 'lost the database notifications connection; retrying');
    options.onGap();
    if (!retry) {
      retry = setTimeout(() => {
        retry = undefined;
        void connect();
      }, delayMs);
      retry.unref();
      delayMs = Math.min(delayMs * 2, RETRY_MAX_MS);
    }
  };

  const connect = async () => {
    const client = new pg.Client({
      connectionString: options.databaseUrl,
      application_name: options.applicationName,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    });
    current = client;
    let dropped = false;
    const once = (error?: unknown) => {
      if (dropped) return;
      dropped = true;
      drop(client, error);
    };
    client.on('error', once);
    client.on('end', () => once());
    client.on('notification', (message) => {
      if (message.channel === options.channel && message.payload !== undefined) options.onMessage(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(options.channel)}`);
    } catch (error) {
      once(error);
      return;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    delayMs = RETRY_FIRST_MS;
    // Whatever was sent while nobody listened is lost: the caller starts afresh.
    options.onGap();
    settleReady();
  };

  void connect();
  return {
    ready,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const client = current;
      current = undefined;
      settleReady();
      if (client) {
        client.removeAllListeners('notification');
        await client.end().catch(() => undefined);
      }
    },
  };
}
