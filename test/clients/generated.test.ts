/**
 * The client's generated types are what openapi-typescript makes of the committed OpenAPI
 * document (as test/openapi.test.ts holds the document to the routes), and the client with
 * its example compiles on its own under --strict (clients/typescript/tsconfig.json); that
 * they do so with no casts is eslint's (eslint.config.js).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import t from 'tap';
import { generateClientTypes, SCHEMA_PATH } from '../../clients/typescript/generate.js';

t.test('clients/typescript/src/schema.d.ts is current', async (t) => {
  t.equal(await generateClientTypes(), readFileSync(SCHEMA_PATH, 'utf8'), 'schema.d.ts is stale: run `npm run client` and commit the result');
});

t.test('the client and its example typecheck under --strict', async (t) => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const project = new URL('../../clients/typescript/tsconfig.json', import.meta.url).pathname;
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  t.equal(output, '', 'tsc -p clients/typescript reports nothing');
  const config = JSON.parse(readFileSync(project, 'utf8')) as { compilerOptions: Record<string, unknown> };
  t.equal(config.compilerOptions.strict, true, 'with strict on');
});
