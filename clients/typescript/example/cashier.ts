/**
 * The cashier flow with the typed client, as an integrator writes it: an admin opens a
 * resident's and a supermarket's accounts and issues the till a cashier key; the resident
 * earns points; the till reserves points for a basket, captures what it came to, charges a
 * second purchase outright and reads the supermarket's passbook. Typechecks under --strict
 * with no casts (clients/typescript/tsconfig.json).
 *
 *   TIMEBANK_URL=http://localhost:3000 TIMEBANK_ADMIN_KEY=tbk_... npx tsx clients/typescript/example/cashier.ts
 */
import { fileURLToPath } from 'node:url';
import { createLedgerClient, idempotencyKey, isProblem, type Schemas, unwrap, wasReplayed } from '../src/index.js';

export interface CashierFlowResult {
  member: Schemas['Account'];
  supermarket: Schemas['Account'];
  earning: Schemas['Transaction'];
  hold: Schemas['Hold'];
  capture: Schemas['Transaction'];
  redemption: Schemas['Transaction'];
  /** The redemption's request sent again with its Idempotency-Key: the same transaction, replayed. */
  replayed: { id: string; replayed: boolean };
  /** What a charge above the balance answered: the service's problem code. */
  refusedCode: string;
  memberAfter: Schemas['Account'];
  statement: Schemas['Statement'];
  statementCsv: string;
}

export async function cashierFlow(baseUrl: string, adminKey: string, log: (line: string) => void = () => {}): Promise<CashierFlowResult> {
  const admin = createLedgerClient({ baseUrl, apiKey: adminKey });
  // A card number of its own per run, so the example runs again on the same database.
  const run = Date.now().toString(36);

  const member = await unwrap(admin.POST('/v1/accounts', { body: { code: `R-${run}`, name: '王秀芳', kind: 'member' } }));
  const supermarket = await unwrap(admin.POST('/v1/accounts', { body: { code: `S-${run}`, name: '爱心超市', kind: 'merchant' } }));
  log(`opened ${member.code} (${member.id}) and ${supermarket.code} (${supermarket.id})`);

  const earning = await unwrap(
    admin.POST('/v1/earnings', {
      body: { accountId: member.id, amount: '30', category: 'public_labour', description: 'Cleaning the courtyard' },
      params: { header: idempotencyKey() },
    }),
  );
  log(`earned ${earning.amount} (${earning.kind}, ${earning.category ?? 'no category'})`);

  const till = await unwrap(admin.POST('/v1/api-keys', { body: { name: `till ${run}`, role: 'cashier', merchantAccountIds: [supermarket.id] } }));
  if (till.key === null) throw new Error('a new key carries its secret');
  const cashier = createLedgerClient({ baseUrl, apiKey: till.key });

  // At the till: the resident's card, then a basket reserved, then charged at its final price.
  const found = await unwrap(cashier.GET('/v1/accounts', { params: { query: { code: member.code } } }));
  const resident = found.data[0];
  if (!resident) throw new Error(`no account with code ${member.code}`);
  log(`${resident.name}: ${resident.available} available`);

  const hold = await unwrap(
    cashier.POST('/v1/holds', {
      body: { accountId: resident.id, merchantAccountId: supermarket.id, amount: '20', description: 'Basket at till 1' },
      params: { header: idempotencyKey() },
    }),
  );
  const capture = await unwrap(
    cashier.POST('/v1/holds/{holdId}/capture', {
      params: { path: { holdId: hold.id }, header: idempotencyKey() },
      body: {
        amount: '17.50',
        receipt: {
          number: `${run}-1`,
          lines: [
            { name: 'Rice 5 kg', quantity: 1, unitPrice: '12.50' },
            { name: 'Cooking oil 1 L', quantity: 1, unitPrice: '5.00' },
          ],
        },
      },
    }),
  );
  log(`held ${hold.amount}, captured ${capture.amount}; the rest is released`);

  // A second purchase, charged outright; the terminal's retry after a dropped connection
  // sends the same request with the same key and gets the same transaction back.
  const key = idempotencyKey();
  const sale = { accountId: resident.id, merchantAccountId: supermarket.id, amount: '5', description: 'Soap' };
  const redemption = await unwrap(cashier.POST('/v1/redemptions', { body: sale, params: { header: key } }));
  const retried = await cashier.POST('/v1/redemptions', { body: sale, params: { header: key } });
  if (!retried.data) throw new Error(`the retry answered ${retried.response.status}`);
  const replayed = { id: retried.data.id, replayed: wasReplayed(retried.response) };
  log(`redeemed ${redemption.amount}; the retry answered ${replayed.id}${replayed.replayed ? ', replayed' : ''}`);

  // More than is left: a problem with a stable code, not a charge.
  let refusedCode = 'none';
  try {
    await unwrap(cashier.POST('/v1/redemptions', { body: { ...sale, amount: '1000' }, params: { header: idempotencyKey() } }));
  } catch (error) {
    if (!isProblem(error)) throw error;
    refusedCode = error.code;
    log(`a charge of 1000 was refused: ${error.code} (${error.status})`);
  }

  const memberAfter = await unwrap(cashier.GET('/v1/accounts/{accountId}', { params: { path: { accountId: resident.id } } }));
  const statement = await unwrap(cashier.GET('/v1/accounts/{accountId}/statement', { params: { path: { accountId: supermarket.id }, query: {} } }));
  const statementCsv = await unwrap(
    cashier.GET('/v1/accounts/{accountId}/statement.csv', { params: { path: { accountId: supermarket.id }, query: {} }, parseAs: 'text' }),
  );
  log(`${resident.name} has ${memberAfter.balance} left; ${supermarket.name} took in ${statement.totalIn} over ${statement.lines.length} lines`);

  return { member, supermarket, earning, hold, capture, redemption, replayed, refusedCode, memberAfter, statement, statementCsv };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const baseUrl = process.env.TIMEBANK_URL ?? 'http://localhost:3000';
  const adminKey = process.env.TIMEBANK_ADMIN_KEY;
  if (!adminKey) throw new Error('set TIMEBANK_ADMIN_KEY to an admin API key');
  await cashierFlow(baseUrl, adminKey, (line) => process.stdout.write(`${line}\n`));
}
