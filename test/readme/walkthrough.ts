/**
 * Runs the README's walk-throughs as written (`npm run walkthrough`), top to bottom, against
 * a fresh service on a temporary data folder and port.
 *
 * What runs: every ```sh block marked `walkthrough` (```sh walkthrough), in order, as one
 * bash script under `set -euo pipefail`, in a temporary working folder (so `data/admin-key`
 * is the fresh service's, and nothing lands in the repository); a block marked
 * `file=NAME` (```python file=verify.py) is written to `$WORK/NAME` where it appears.
 * Every curl call must answer 2xx, unless its command ends with `# expect NNN`: then
 * exactly NNN. The environment:
 *   WALKTHROUGH_BASE_URL  the base URL the blocks call (default: the service started here;
 *                         a validating proxy in front of it, say)
 *   WALKTHROUGH_PORT      the port of the service started here (default: any free one)
 * Exits non-zero, naming the call, on any failure; checks that the repository's files are
 * as they were.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface Block {
  kind: 'sh' | 'file';
  text: string;
  name?: string;
  line: number;
}

/** The runnable blocks of a README, in order. */
export function walkthroughBlocks(readme: string): Block[] {
  const blocks: Block[] = [];
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^```(\S+)(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const info = (open[2] ?? '').trim().split(/\s+/);
    const end = lines.findIndex((l, j) => j > i && l === '```');
    if (end === -1) throw new Error(`README line ${i + 1}: a code block that does not end`);
    const text = lines.slice(i + 1, end).join('\n');
    const file = info.find((w) => w.startsWith('file='));
    if (open[1] === 'sh' && info.includes('walkthrough')) blocks.push({ kind: 'sh', text, line: i + 1 });
    else if (file) blocks.push({ kind: 'file', text, name: file.slice('file='.length), line: i + 1 });
    i = end;
  }
  return blocks;
}

/**
 * A block as the script runs it: a command whose last line ends with `# expect NNN` runs
 * with WALKTHROUGH_EXPECT=NNN, which the curl shim holds its answer to.
 */
export function annotated(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let start = 0;
  for (const line of lines) {
    const expect = /#\s*expect\s+(\d{3})\s*$/.exec(line);
    if (expect) {
      out.splice(start, 0, `export WALKTHROUGH_EXPECT=${expect[1]}`);
      out.push(line, 'unset WALKTHROUGH_EXPECT');
    } else {
      out.push(line);
    }
    if (!line.endsWith('\\')) start = out.length;
  }
  return out.join('\n');
}

export function script(blocks: Block[]): string {
  const parts = ['set -euo pipefail'];
  for (const b of blocks) {
    parts.push(`# README line ${b.line}`);
    if (b.kind === 'sh') parts.push(annotated(b.text));
    else parts.push(`cat > "$WORK/${b.name}" <<'WALKTHROUGH_FILE_END'\n${b.text}\nWALKTHROUGH_FILE_END`);
  }
  return `${parts.join('\n')}\n`;
}

/** curl, as the blocks call it: the real one, with its answer's status checked and logged. */
function curlShim(realCurl: string): string {
  return `#!/usr/bin/env bash
status_file=$(mktemp)
"${realCurl}" -w '%{stderr}%{http_code} %{method} %{url_effective}\\n' "$@" 2>"$status_file" && rc=0 || rc=$?
line=$(tail -n 1 "$status_file")
head -n -1 "$status_file" >&2
rm -f "$status_file"
code=\${line%% *}
expected=\${WALKTHROUGH_EXPECT:-2xx}
echo "$expected $line" >> "$WALKTHROUGH_LOG"
if [ "$rc" != 0 ]; then exit "$rc"; fi
case "$expected" in
  2xx) [[ "$code" == 2* ]] || { echo "walkthrough: $line, expected 2xx" >&2; exit 22; } ;;
  *) [ "$code" = "$expected" ] || { echo "walkthrough: $line, expected $expected" >&2; exit 22; } ;;
esac
`;
}

function repoState(): string {
  return execFileSync('git', ['status', '--porcelain', '--ignored'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).toString();
}

async function main(): Promise<void> {
  const blocks = walkthroughBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  if (blocks.filter((b) => b.kind === 'sh').length === 0) throw new Error('the README marks no ```sh walkthrough block');
  const before = repoState();
  const tmp = mkdtempSync(join(tmpdir(), 'tbk-walk-'));
  const bin = join(tmp, 'bin');
  const cwd = join(tmp, 'cwd');
  mkdirSync(bin);
  mkdirSync(cwd);
  const realCurl = execFileSync('bash', ['-c', 'command -v curl']).toString().trim();
  writeFileSync(join(bin, 'curl'), curlShim(realCurl));
  chmodSync(join(bin, 'curl'), 0o755);
  const log = join(tmp, 'calls.log');
  writeFileSync(log, '');

  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(cwd, 'data'), PORT: process.env.WALKTHROUGH_PORT ?? '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.BOOTSTRAP_ADMIN_KEY;
  delete env.API_KEY_SECRET;
  const service = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start:\n${out}`)), 120_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    service.stdout.on('data', onData);
    service.stderr.on('data', onData);
    service.on('exit', (code) => reject(new Error(`the service exited (${code}) before listening:\n${out}`)));
  });
  const base = process.env.WALKTHROUGH_BASE_URL ?? `http://127.0.0.1:${port}`;
  console.log(`walkthrough: ${blocks.length} blocks against ${base} (service on port ${port}, data in ${join(cwd, 'data')})`);

  let rc = 0;
  try {
    const run = spawn('bash', ['-c', script(blocks)], {
      cwd,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, BASE: base, TMPDIR: tmp, WALKTHROUGH_LOG: log },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    rc = await new Promise<number>((resolve) => run.on('exit', (code) => resolve(code ?? 1)));
  } finally {
    service.kill('SIGTERM');
    await new Promise((resolve) => service.on('exit', resolve));
  }
  const calls = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  rmSync(tmp, { recursive: true, force: true });
  const after = repoState();
  console.log(`\nwalkthrough: ${calls.length} calls`);
  for (const c of calls) console.log(`  ${c}`);
  if (after !== before) {
    console.error(`walkthrough: the repository's files changed:\n${after}`);
    rc = rc || 1;
  }
  console.log(rc === 0 ? 'walkthrough: ok' : `walkthrough: FAILED (${rc})`);
  process.exit(rc);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
