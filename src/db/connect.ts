import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Engine } from './client.js';
import { EmbeddedError, type OwnerPurpose, startEmbedded } from './embedded.js';

/** The database a process is to use, and what to do when it is done with it. */
export interface DatabaseTarget {
  url: string;
  engine: Engine;
  /** Stops the embedded cluster if this process started it; nothing for a server. */
  release(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL in DATA_DIR, started for the
 * service, or for a command when no service runs there (a command joins a running one).
 */
export async function databaseTarget(config: Config, purpose: OwnerPurpose, logger?: Logger): Promise<DatabaseTarget> {
  if (config.databaseUrl) return { url: config.databaseUrl, engine: 'postgres', release: async () => {} };
  if (config.dataDir.startsWith('memory://')) {
    throw new EmbeddedError('DATA_DIR=memory:// keeps no files, so it needs DATABASE_URL: the embedded PostgreSQL lives in a folder');
  }
  const cluster = await startEmbedded(config.dataDir, { purpose, logger });
  return { url: cluster.url(), engine: 'embedded', release: () => cluster.stop() };
}
