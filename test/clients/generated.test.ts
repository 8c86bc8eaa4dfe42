/**
 * The client's generated types are what openapi-typescript makes of the committed OpenAPI
 * document (as test/openapi.test.ts holds the document to the routes), and the client with
 * its example compiles on its own under --strict (clients/typescript/tsconfig.json); that
 * they do so with no casts is eslint's (eslint.config.js).
 *
 * That compile is `npm run typecheck`'s (which CI runs), not this file's: with lib checking
 * on, as an integrator's project has it, it was about 11 s of CPU in this one file, on a
 * 2-core machine. What stays here: the type-check still includes it, strict, example and all.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { generateClientTypes, SCHEMA_PATH } from '../../clients/typescript/generate.js';

t.test('clients/typescript/src/schema.d.ts is current', async (t) => {
  t.equal(await generateClientTypes(), readFileSync(SCHEMA_PATH, 'utf8'), 'schema.d.ts is stale: run `npm run client` and commit the result');
});

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** What tsc says of a project: nothing when it compiles. */
function compile(project: string): string {
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

t.test('`npm run typecheck` compiles the client and its example under --strict', async (t) => {
  const project = new URL('../../clients/typescript/tsconfig.json', import.meta.url).pathname;
  const scripts = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;
  t.ok(
    (scripts.typecheck ?? '').split('&&').some((step) => step.trim() === 'tsc -p clients/typescript'),
    `npm run typecheck runs \`tsc -p clients/typescript\` as a step of its own (it runs: ${scripts.typecheck})`,
  );
  const config = JSON.parse(readFileSync(project, 'utf8')) as { compilerOptions: Record<string, unknown>; include?: string[] };
  t.equal(config.compilerOptions.strict, true, 'with strict on');
  t.equal(config.compilerOptions.skipLibCheck, false, "with the generated schema.d.ts checked too (it is a declaration file)");
  t.ok(['src', 'example'].every((dir) => config.include?.includes(dir)), 'the client and its example are in the project');
});

t.test("the README's client example typechecks under the client's settings", async (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## A typed TypeScript client'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  t.ok(code, 'the README has a TypeScript example in its client section');
  if (!code) return;
  const client = new URL('../../clients/typescript/', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'tbl-readme-client-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'example.mts'), `${code.replace("'./clients/typescript/src/index.js'", `'${client}src/index.js'`)}\nexport {};\n`);
  const settings = JSON.parse(readFileSync(join(client, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  const typeRoots = [new URL('../../node_modules/@types', import.meta.url).pathname];
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...settings.compilerOptions, typeRoots, skipLibCheck: true }, include: ['example.mts'] }));
  t.equal(compile(join(dir, 'tsconfig.json')), '', 'tsc reports nothing');
});
