import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { client } from '../helpers/app.js';
import { type IsolatedApp, isolatedApp, post201, requireTool, run } from '../helpers/audit.js';

/**
 * The README's verify.py, exactly as documented, run with python3 against a journal export
 * (issue 13): an auditor's independent check must not cry tamper over an honest journal.
 * RFC 8785 sorts keys by UTF-16 code units, Python by code points; they disagree on a key
 * outside the Basic Multilingual Plane next to one from U+E000 up, so the journal holds such
 * keys. And it must still cry tamper over a changed one.
 */

const python = requireTool(t, 'python3');

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const script = /```python[^\n]*\n(# verify\.py[\s\S]*?)```/.exec(readme)?.[1];

if (python) {
  t.ok(script, "the README has the verifier ('```python' block starting '# verify.py')");
  const iso: IsolatedApp = await isolatedApp();
  t.teardown(() => iso.close());
  const c = client(iso.app);
  const dir = mkdtempSync(join(tmpdir(), 'tl-verify-py-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'verify.py');
  writeFileSync(file, script ?? '');

  const member = await post201<{ id: string }>(c, '/v1/accounts', { code: 'R-PY-1', name: '验证 𝒜', kind: 'member' });
  // 'ｚ' is U+FF5A, '𝒜' U+1D49C (UTF-16 D835 DC9C): by code point 'ｚ' < '𝒜', by UTF-16 unit '𝒜' < 'ｚ'.
  const metadata = { 'ｚ': 'fullwidth z', '𝒜': 'script A', '\uE000': 'private use', a: 1, '😀': true, 'é': null };
  await post201(c, '/v1/earnings', { accountId: member.id, amount: '12.34', category: 'public_labour', metadata, description: '𝒜 😀' });
  await post201(c, '/v1/earnings', { accountId: member.id, amount: '1', category: 'duty_shift', metadata: { '𠀀': 'U+20000', '\uFFFD': 'replacement' } });

  const exported = await c.get('/v1/journal?format=jsonl');
  t.equal(exported.statusCode, 200, 'the jsonl export answers');
  const lines = exported.body.split('\n').filter((l) => l.length > 0);
  t.ok(lines.length >= 2 && lines.some((l) => l.includes('𝒜')), `the journal holds the keys outside the BMP (${lines.length} lines)`);

  const check = async (journal: string) => {
    const path = join(dir, `journal-${Date.now()}.jsonl`);
    writeFileSync(path, journal);
    return run('/bin/sh', ['-c', `"$0" "$1" < "$2"`, python ?? 'python3', file, path]);
  };

  t.test('the documented verifier passes the honest journal', async (t) => {
    const res = await check(`${lines.join('\n')}\n`);
    t.equal(res.code, 0, `exit 0; stdout: ${res.stdout} stderr: ${res.stderr}`);
    t.match(res.stdout, new RegExp(`^ok: ${lines.length} transactions, head [0-9a-f]{64}`), 'and says ok');
    const head = (JSON.parse(lines.at(-1) ?? '{}') as { hash?: string }).hash;
    t.ok(head && res.stdout.includes(head), 'naming the last hash as the head');
  });

  t.test('and names a changed transaction', async (t) => {
    const tampered = lines.map((l) => (l.includes('"12.34"') ? l.replace('"12.34"', '"21.34"').replace('"-12.34"', '"-21.34"') : l));
    t.not(tampered.join('\n'), lines.join('\n'), 'one line was changed');
    const res = await check(`${tampered.join('\n')}\n`);
    t.not(res.code, 0, 'a non-zero exit');
    t.match(res.stderr, /seq \d+ \(txn_[0-9A-Z]+\): does not match/, `naming it; stderr: ${res.stderr}`);
  });
}
