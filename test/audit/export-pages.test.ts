import t from 'tap';
import { client } from '../helpers/app.js';
import { openAccount } from '../helpers/contract.js';
import { csvRecords, type IsolatedApp, isolatedApp, journalJsonl, post201 } from '../helpers/audit.js';

/**
 * The journal export reads the journal page by page (and reads the next page while it
 * writes the last): a journal of several pages must come out whole, in order, each
 * transaction once, in every format, and a resumed export must start where it is told.
 */

const TRANSACTIONS = 1234;

t.test(`a journal of ${TRANSACTIONS} transactions, several export pages`, async (t) => {
  const iso: IsolatedApp = await isolatedApp();
  t.teardown(() => iso.close());
  const c = client(iso.app);

  const members: string[] = [];
  for (let i = 0; i < 7; i++) members.push((await openAccount(c, 'member', `PAGES-${i}`)).id);
  const posted: string[] = [];
  for (let from = 0; from < TRANSACTIONS; from += 1000) {
    const count = Math.min(1000, TRANSACTIONS - from);
    const items = Array.from({ length: count }, (_, i) => ({
      accountId: members[(from + i) % members.length],
      amount: `${1 + ((from + i) % 90)}.00`,
      category: 'public_labour',
    }));
    const res = await post201<{ data: { id: string }[] }>(c, '/v1/earnings/batch', { items });
    posted.push(...res.data.map((d) => d.id));
  }
  t.equal(posted.length, TRANSACTIONS, 'every earning was posted');

  const lines = await journalJsonl(c);
  t.equal(lines.length, TRANSACTIONS, 'jsonl: one line per transaction');
  t.ok(
    lines.every((l, i) => l.seq === String(i + 1)),
    'jsonl: seq 1..N in order, no gap and no repeat across page boundaries',
  );
  t.ok(
    lines.every((l, i) => i === 0 || l.prevHash === lines[i - 1]?.hash),
    'jsonl: every line links to the one before, across page boundaries too',
  );
  t.same(new Set(lines.map((l) => l.id)), new Set(posted), 'jsonl: exactly the posted transactions');

  const resumed = await journalJsonl(c, `&afterSeq=${TRANSACTIONS - 3}`);
  t.same(
    resumed.map((l) => l.seq),
    [String(TRANSACTIONS - 2), String(TRANSACTIONS - 1), String(TRANSACTIONS)],
    'afterSeq resumes right after the given seq',
  );
  const fromMiddle = await journalJsonl(c, '&afterSeq=499');
  t.equal(fromMiddle.length, TRANSACTIONS - 499, 'a resumed export starting inside a page has the rest');
  t.equal(fromMiddle[0]?.seq, '500', 'and starts at the next seq');

  const csv = await c.get('/v1/journal?format=csv');
  t.equal(csv.statusCode, 200);
  const { records } = csvRecords(csv.body);
  t.equal(records.length, 2 * TRANSACTIONS, 'csv: one record per entry, two per earning');
  t.equal(new Set(records.map((r) => r.transaction_id)).size, TRANSACTIONS, 'csv: every transaction');

  const ledger = await c.get('/v1/journal?format=ledger');
  t.equal(ledger.statusCode, 200);
  const headers = ledger.body.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} \* \(txn_/.test(l));
  t.equal(headers.length, TRANSACTIONS, 'ledger: one dated transaction per posting');
  t.equal(new Set(headers.map((l) => /\((txn_[^)]+)\)/.exec(l)?.[1])).size, TRANSACTIONS, 'ledger: each transaction once');
});
