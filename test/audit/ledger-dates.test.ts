import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { localDate, localDateTime } from '../../src/export/dates.js';
import { ledgerTransaction } from '../../src/export/ledger-journal.js';
import { client, HISTORY_ENV, openedAt } from '../helpers/app.js';
import { isolatedApp, post201, requireTool, run } from '../helpers/audit.js';

/**
 * Dates in the ledger journal and the passbook have four-digit years (issue 13): a
 * transaction dated in year 999 made the export say `999-06-01`, which hledger refuses, for
 * everyone's export. New postings cannot be dated before 1970 any more; rows stored before
 * that rule still export.
 */

t.test('a year below 1000 is written with four digits', async (t) => {
  t.equal(localDate('0999-06-01T12:00:00.000Z', 'UTC'), '0999-06-01', 'localDate, year 999');
  t.equal(localDate('0050-01-02T12:00:00.000Z', 'UTC'), '0050-01-02', 'localDate, year 50');
  t.equal(localDateTime('0999-06-01T12:34:00.000Z', 'UTC'), '0999-06-01 12:34', 'localDateTime, year 999');
  t.equal(localDate('1971-03-01T00:00:00.000Z', 'Asia/Shanghai'), '1971-03-01', 'localDate, 1971 in Shanghai');
  const text = ledgerTransaction(
    {
      seq: '1',
      id: 'txn_01M94M0000000000000000000A',
      kind: 'earning',
      occurredAt: '0999-06-01T00:00:00.000Z',
      description: null,
      category: 'public_labour',
      hash: '0'.repeat(64),
      entries: [
        { accountId: 'a', amount: -100n },
        { accountId: 'b', amount: 100n },
      ],
    },
    new Map([
      ['a', { code: 'SYS-ISSUE', kind: 'system' }],
      ['b', { code: 'R-1', kind: 'member' }],
    ]),
    'UTC',
    undefined,
  );
  t.match(text, /^0999-06-01 \* \(txn_/, 'a ledger journal transaction of year 999 is dated 0999-06-01');
});

const hledger = requireTool(t, 'hledger');

t.test('an earning of 1971, exported for hledger and printed in the passbook', async (t) => {
  const iso = await isolatedApp(HISTORY_ENV);
  t.teardown(() => iso.close());
  const c = client(iso.app);
  const member = await post201<{ id: string }>(c, '/v1/accounts', { code: 'R-1971', name: 'carried over from 1970', kind: 'member' });
  await openedAt(iso.app, '1970-06-01T00:00:00.000Z', member.id);
  const earning = await post201<{ id: string; occurredAt: string }>(c, '/v1/earnings', {
    accountId: member.id,
    amount: '12.5',
    category: 'public_labour',
    occurredAt: '1971-03-01T00:00:00.000Z',
  });
  t.equal(earning.occurredAt, '1971-03-01T00:00:00.000Z', 'dated 1971');

  const journal = await c.get('/v1/journal?format=ledger');
  t.equal(journal.statusCode, 200, 'the ledger export answers');
  t.ok(journal.body.includes(`\n1971-03-01 * (${earning.id})`), 'the journal dates it 1971-03-01');
  t.notOk(/^\d{1,3}-\d{2}-\d{2} /m.test(journal.body), 'no date with fewer than four year digits');
  const html = await c.get(`/v1/accounts/${member.id}/statement`, { accept: 'text/html' });
  t.ok(html.body.includes('1971-03-01'), 'the printable passbook prints 1971-03-01');

  if (hledger) {
    const dir = mkdtempSync(join(tmpdir(), 'tl-ledger-dates-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'books.journal');
    writeFileSync(file, journal.body);
    const res = await run(hledger, ['-f', file, 'register', '--date2', 'members']);
    t.equal(res.code, 0, `hledger reads it; stderr: ${res.stderr}`);
    t.match(res.stdout, /^1971-03-01 /m, 'and lists the 1971 posting');
  }
});
