// @ts-check
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';
import { TapConfig } from '@tapjs/config';
import { signature } from '@tapjs/test';

/**
 * `npm test`'s pretest: tap's Test class built for the plugins .taprc names, before tap starts.
 *
 * .taprc drops @tapjs/typescript (tsx loads the TypeScript), so the Test class that `npm ci`
 * installs, built with tap's default plugins, is not the one the suite needs. tap notices and
 * rebuilds it (`tap build`), but only after its runner has loaded the old one, and the runner
 * takes the loaders it gives each test file from that one: the whole first run on a fresh
 * clone loaded ts-node's loader into every test file as well as tsx, about 4 s more CPU a
 * file, some 300 s of CPU in all. Built here first, that run starts as every later one does.
 * When the build is current this costs the check alone (under half a second).
 */
const config = await TapConfig.load();
if (config.pluginSignature !== signature) {
  process.stderr.write("# building tap's Test class for the plugins in .taprc (once after an install)\n");
  const tap = createRequire(import.meta.url).resolve('tap/package.json').replace(/package\.json$/, 'dist/esm/run.mjs');
  const built = spawnSync(process.execPath, [tap, 'build'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
