import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';

export const OPENAPI_PATH = fileURLToPath(new URL('../../openapi/openapi.json', import.meta.url));

/**
 * The OpenAPI document as committed: generated from the route schemas, stable key order.
 * The document does not depend on data, but the app needs a database to start: the one
 * given (the tests pass their own), else DATABASE_URL's, else a throwaway embedded cluster.
 */
export async function generateOpenApi(databaseUrl = process.env.DATABASE_URL): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tbl-openapi-'));
  try {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATA_DIR: 'memory://' } : { DATA_DIR: dataDir }),
    });
    const app = await buildApp(config);
    try {
      await app.ready();
      return `${JSON.stringify(app.swagger(), null, 2)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const document = await generateOpenApi();
  mkdirSync(dirname(OPENAPI_PATH), { recursive: true });
  writeFileSync(OPENAPI_PATH, document);
  process.stdout.write(`wrote ${OPENAPI_PATH}\n`);
}
