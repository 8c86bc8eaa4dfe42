import { readFileSync } from 'node:fs';
import t from 'tap';
import { annotated, script, walkthroughBlocks } from './walkthrough.js';

/**
 * The walk-through runner's reading of the README (`npm run walkthrough` runs it for real,
 * as its own CI stage): which blocks run, in which order, and what a refusal must be.
 */
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

t.test('only marked blocks run, in order; file blocks are written where they appear', async (t) => {
  const blocks = walkthroughBlocks(['```sh', 'npm start', '```', '```sh walkthrough', 'echo one', '```', '```json', '{}', '```', '```python file=v.py', 'print(1)', '```', '```sh walkthrough', 'echo two', '```'].join('\n'));
  t.same(
    blocks.map((b) => [b.kind, b.text, b.name]),
    [
      ['sh', 'echo one', undefined],
      ['file', 'print(1)', 'v.py'],
      ['sh', 'echo two', undefined],
    ],
    'the two marked sh blocks and the file, nothing else',
  );
  const s = script(blocks);
  t.ok(s.startsWith('set -euo pipefail\n'), 'strict bash');
  t.match(s, /cat > "\$WORK\/v\.py" <<'WALKTHROUGH_FILE_END'\nprint\(1\)\nWALKTHROUGH_FILE_END/, 'the file, unexpanded');
});

t.test('# expect NNN covers the whole command, continuation lines included', async (t) => {
  t.equal(
    annotated(['A=1', 'curl -s x \\', "  -d '{}'   # expect 409", 'curl -s y'].join('\n')),
    ['A=1', 'export WALKTHROUGH_EXPECT=409', 'curl -s x \\', "  -d '{}'   # expect 409", 'unset WALKTHROUGH_EXPECT', 'curl -s y'].join('\n'),
    'set before the command starts, unset after it',
  );
});

t.test("the README's walk-through", async (t) => {
  const blocks = walkthroughBlocks(readme);
  const sh = blocks.filter((b) => b.kind === 'sh').map((b) => b.text).join('\n');
  t.ok(blocks.length >= 20, `marked blocks: ${blocks.length}`);
  t.ok(blocks.some((b) => b.kind === 'file' && b.name === 'verify.py'), 'verify.py is written from its block');
  t.match(sh, /^AUDITOR=/m, '$AUDITOR is defined before verify.py uses it');
  t.ok(sh.indexOf('AUDITOR=') < sh.indexOf('python3 "$WORK/verify.py"'), 'and before it runs');
  const keys = [...sh.matchAll(/Idempotency-Key: ([^'"]+)/g)].map((m) => m[1]);
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k as string, (counts.get(k as string) ?? 0) + 1);
  // The one key sent twice is the till's retry of the same basket, which is the point.
  t.same([...counts].filter(([, n]) => n > 1), [['till-1-A0001', 2]], 'one Idempotency-Key per operation; only the retry repeats one');
  t.notMatch(sh, /> *(passbook\.html|books\.journal)/, 'no file is written into the working folder');
  t.match(sh, /command -v hledger/, 'hledger is optional, with a message when it is missing');
});
