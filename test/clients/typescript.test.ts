/**
 * The typed client (clients/typescript) against the running service over HTTP: its example's
 * cashier flow, then what its helpers promise. The service is this file's app on a port of
 * its own; with CLIENT_TEST_BASE_URL (and CLIENT_TEST_ADMIN_KEY) the client talks to that
 * service instead: CI runs this file through Stoplight Prism's validating proxy that way.
 */
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { cashierFlow } from '../../clients/typescript/example/cashier.js';
import { createLedgerClient, idempotencyKey, isProblem, ProblemError, unwrap, wasReplayed } from '../../clients/typescript/src/index.js';
import { ADMIN_KEY, buildTestApp } from '../helpers/app.js';

async function service(): Promise<{ baseUrl: string; adminKey: string }> {
  const given = process.env.CLIENT_TEST_BASE_URL;
  if (given) {
    const adminKey = process.env.CLIENT_TEST_ADMIN_KEY;
    if (!adminKey) throw new Error('CLIENT_TEST_BASE_URL needs CLIENT_TEST_ADMIN_KEY');
    return { baseUrl: given, adminKey };
  }
  const app = await buildTestApp();
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, adminKey: ADMIN_KEY };
}

const { baseUrl, adminKey } = await service();

t.test("the example's cashier flow runs against the service", async (t) => {
  const lines: string[] = [];
  const r = await cashierFlow(baseUrl, adminKey, (line) => lines.push(line));
  t.equal(r.earning.kind, 'earning', 'the earning posted');
  t.equal(r.earning.amount, '30.00', 'of 30.00');
  t.equal(r.hold.status, 'pending', 'the hold was pending');
  t.equal(r.capture.kind, 'redemption', 'the capture is a redemption');
  t.equal(r.capture.amount, '17.50', 'of what the basket came to');
  t.equal(r.capture.holdId, r.hold.id, 'linked to its hold');
  t.equal(r.capture.postedBy.role, 'cashier', 'posted by the cashier key');
  t.same(r.replayed, { id: r.redemption.id, replayed: true }, 'the retried redemption answered the same transaction, replayed');
  t.equal(r.refusedCode, 'insufficient_funds', 'a charge above the balance: insufficient_funds');
  t.equal(r.memberAfter.balance, '7.50', '30 - 17.50 - 5 = 7.50 left');
  t.equal(r.memberAfter.held, '0.00', 'nothing held once captured');
  t.equal(r.statement.totalIn, '22.50', "the supermarket's passbook: 17.50 + 5.00 in");
  t.equal(r.statement.lines.length, 2, 'two lines');
  // fetch's text() drops the BOM the service sends for Excel: the header comes first.
  t.match(r.statementCsv, /^\ufeff?account_code,account_name,/, 'the CSV statement, its header first');
  t.equal(r.statementCsv.trim().split('\r\n').length, 3, 'a header and two rows');
  t.equal(lines.length, 7, 'the example says what it did');
});

t.test('the helpers', async (t) => {
  const admin = createLedgerClient({ baseUrl, apiKey: adminKey });

  const missing = await admin.GET('/v1/accounts/{accountId}', { params: { path: { accountId: 'acct_00000000000000000000000000' } } });
  t.equal(missing.response.status, 404, 'an unknown account: 404');
  t.equal(missing.error?.code, 'not_found', 'the error is the typed problem');
  const thrown = await unwrap(admin.GET('/v1/accounts/{accountId}', { params: { path: { accountId: 'acct_00000000000000000000000000' } } })).then(
    () => undefined,
    (error: unknown) => error,
  );
  t.ok(thrown instanceof ProblemError, 'unwrap throws a ProblemError');
  t.ok(isProblem(thrown, 'not_found'), 'isProblem names its code');
  t.notOk(isProblem(thrown, 'insufficient_funds'), 'and no other');
  t.match(thrown, { status: 404, code: 'not_found', problem: { instance: String } }, 'with the status, the code and the request id');

  const wrongKey = createLedgerClient({ baseUrl, apiKey: 'tbk_not-a-key-of-this-service-0000000000000000' });
  const refused = await wrongKey.GET('/v1/categories');
  t.equal(refused.error?.code, 'unauthorized', 'an unknown key: unauthorized');

  const key = idempotencyKey();
  const code = `R-helpers-${Date.now().toString(36)}`;
  const first = await admin.POST('/v1/accounts', { body: { code, name: 'twice', kind: 'member' }, params: { header: key } });
  const again = await admin.POST('/v1/accounts', { body: { code, name: 'twice', kind: 'member' }, params: { header: key } });
  t.equal(first.response.status, 201, 'opened');
  t.notOk(wasReplayed(first.response), 'the first answer is not a replay');
  t.ok(wasReplayed(again.response), 'the same key again: replayed');
  t.equal(again.data?.id, first.data?.id, 'the same account');
  const reused = await admin.POST('/v1/accounts', { body: { code: `${code}-other`, name: 'other', kind: 'member' }, params: { header: key } });
  t.equal(reused.error?.code, 'idempotency_key_reused', 'the key with another body: idempotency_key_reused');
});
