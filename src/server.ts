import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { EmbeddedError } from './db/embedded.js';

/** The only place that listens: config -> buildApp -> listen, and a graceful close. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await buildApp(config);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // The port is taken, say: stop what buildApp started (the embedded cluster) on the way out.
    await app.close().catch(() => {});
    throw error;
  }
}

main().catch((error: unknown) => {
  // A refusal the operator can act on (the data folder is in use, DATA_DIR is too long): no stack.
  if (error instanceof EmbeddedError) {
    process.stderr.write(`timebank-ledger cannot start: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`timebank-ledger failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
