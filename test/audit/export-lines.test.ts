import t from 'tap';
import * as journalDb from '../../src/db/journal.js';
import { chainHash } from '../../src/ledger/canonical.js';
import { hashedContent } from '../../src/ledger/journal.js';
import { toTransaction } from '../../src/services/records.js';
import { client, fixture, HISTORY_ENV, openedAt } from '../helpers/app.js';
import { isolatedApp, journalJsonl, post201 } from '../helpers/audit.js';
import { accountIdByCode } from '../helpers/contract.js';

/**
 * The database writes the jsonl export's lines itself (src/db/journal.ts journalJsonlPage),
 * while the sequencer and /v1/audit/verify hash the content the service builds from rows
 * (hashedContent). Both must describe each transaction identically, down to the order of
 * its entries and the form of every amount, or an auditor's recomputed hash would not match:
 * this posts the awkward cases and compares every line with the service's own form.
 */

interface Posted {
  id: string;
}

t.test(`every jsonl line is the hashed content the chain was built from`, async (t) => {
  const iso = await isolatedApp(HISTORY_ENV);
  t.teardown(() => iso.close());
  const c = client(iso.app);
  const f = fixture(c);
  const a = await f.member();
  const b = await f.member();
  const shop = await f.merchant();
  const adjustments = await accountIdByCode(c, 'SYS-ADJUSTMENTS');

  const awkward = 'quote " backslash \\ slash / tab \t newline \n bell \u0007 nul-ish \u001f 值班 emoji 🧾 line-sep \u2028 end';
  const posted: Posted[] = [];
  posted.push(
    await post201<Posted>(c, '/v1/earnings', {
      accountId: a.id,
      amount: '1234567.89',
      category: 'public_labour',
      description: awkward,
      reference: 'ref "1"',
      metadata: { 楼: '3号', shift: 2, ratio: 0.1 + 0.2, negative: -0.5, night: true, note: null, text: awkward },
    }),
  );
  await openedAt(iso.app, '2021-05-01T00:00:00.000Z', b.id);
  posted.push(await post201<Posted>(c, '/v1/earnings', { accountId: b.id, amount: '0.05', category: 'duty_shift', occurredAt: '2021-06-01T08:00:00.000Z' }));
  posted.push(
    await post201<Posted>(c, '/v1/redemptions', {
      accountId: a.id,
      merchantAccountId: shop.id,
      amount: '10.10',
      receipt: { number: 'R-1', lines: [{ name: '鸡蛋 "eggs"', quantity: 5, unitPrice: '2.02', sku: 'EGG' }] },
    }),
  );
  posted.push(await post201<Posted>(c, '/v1/transfers', { fromAccountId: a.id, toAccountId: b.id, amount: '100', description: 'gift' }));
  posted.push(await post201<Posted>(c, `/v1/transactions/${(posted[0] as Posted).id}/reversals`, { amount: '0.89', reason: 'partly wrong' }));
  // Several legs, of amounts whose text and numeric orders differ: the entries' order and
  // the form of each amount are part of the hash.
  const c2 = await f.member();
  posted.push(
    await post201<Posted>(c, '/v1/transactions', {
      entries: [
        { accountId: a.id, amount: '-10' },
        { accountId: b.id, amount: '-0.01' },
        { accountId: c2.id, amount: '9.99' },
        { accountId: adjustments, amount: '0.02' },
      ],
      description: 'correction',
    }),
  );
  const hold = await post201<{ id: string }>(c, '/v1/holds', { accountId: b.id, merchantAccountId: shop.id, amount: '3.00' });
  posted.push(await post201<Posted>(c, `/v1/holds/${hold.id}/capture`, { amount: '2.50' }));

  // Filler up to a second export page (pages are 1,000 sequence numbers): the awkward
  // transactions above stay on the first, which the database writes.
  await post201(c, '/v1/earnings/batch', {
    items: Array.from({ length: 1000 }, (_, i) => ({ accountId: b.id, amount: `${1 + (i % 50)}.${String(i % 100).padStart(2, '0')}`, category: 'public_labour' })),
  });
  // On the second page, numbers JavaScript writes with an exponent: the service writes that page.
  const exponents = await post201<Posted>(c, '/v1/earnings', {
    accountId: a.id,
    amount: '1.00',
    category: 'public_labour',
    metadata: { big: 1e21, tiny: 5e-7, text: awkward },
  });
  posted.push(exponents);

  const lines = await journalJsonl(c);
  const exported = new Map(lines.map((l) => [l.id, l]));
  for (const p of posted) t.ok(exported.has(p.id), `${p.id} is exported`);

  const rows = await journalDb.journalPage(iso.app.db.db, {}, 0n, 10_000);
  t.equal(rows.length, lines.length, 'one line per journal row');
  for (const row of rows) {
    const line = exported.get(row.id);
    const expected = { ...hashedContent(row.seq, toTransaction(row)), hash: row.hash, prevHash: row.prevHash };
    t.strictSame(line, expected, `seq ${row.seq} (${row.kind}): the line is the service's hashed content`);
    t.strictSame(Object.keys(line ?? {}), Object.keys(expected), `seq ${row.seq}: the same fields, in the same order`);
    const { hash, prevHash, ...content } = line as typeof expected;
    t.equal(chainHash(prevHash, content), hash, `seq ${row.seq}: its hash recomputes from the line alone`);
  }
  const adjustment = exported.get((posted[5] as Posted).id);
  t.strictSame(
    adjustment?.entries.map((e) => e.amount).sort(),
    ['-0.01', '-10.00', '0.02', '9.99'],
    'amounts with two decimals and their sign, as the API writes them',
  );
  // PostgreSQL would write 1e21 out in full, which Python, say, reads as an integer and
  // hashes differently: a page holding such a number is written by the service.
  const raw = (await c.get('/v1/journal?format=jsonl')).body.split('\n');
  const rawLine = (id: string) => raw.find((l) => l.includes(`"id":"${id}"`)) ?? '';
  t.match(rawLine(exponents.id), /"big":1e\+21,.*"tiny":5e-7/s, 'numbers JavaScript writes with an exponent keep that form');
  for (const p of posted.slice(0, -1)) {
    t.match(rawLine(p.id), /"postedBy":\{"keyId" : /, `${p.id}: written by the database (its spacing), yet equal to the hashed content`);
  }
  t.equal(exported.get((posted[0] as Posted).id)?.description, awkward, 'control characters, quotes and non-ASCII text survive');
});
