/**
 * Writes clients/typescript/src/schema.d.ts from openapi/openapi.json with openapi-typescript:
 * `npm run client`. The file is committed; test/clients/generated.test.ts fails when it is
 * not what this writes (as test/openapi.test.ts does for the document).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

export const DOCUMENT_PATH = fileURLToPath(new URL('../../openapi/openapi.json', import.meta.url));
export const SCHEMA_PATH = fileURLToPath(new URL('./src/schema.d.ts', import.meta.url));

const HEADER = `/**
 * The timebank-ledger API's types, generated from openapi/openapi.json by openapi-typescript.
 * Do not edit: \`npm run client\` writes it again.
 */

`;

/** The generated types, as the committed file holds them. */
export async function generateClientTypes(document: string = readFileSync(DOCUMENT_PATH, 'utf8')): Promise<string> {
  const ast = await openapiTS(JSON.parse(document) as Parameters<typeof openapiTS>[0], { silent: true });
  return HEADER + astToString(ast);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_PATH, await generateClientTypes());
  process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
}
