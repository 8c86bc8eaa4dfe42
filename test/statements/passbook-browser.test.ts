import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import t from 'tap';
import { loggedUrl } from '../../src/http/logging.js';
import { ADMIN_KEY, buildTestApp, client, fixture, HISTORY_ENV, openedAt, uniqueCode } from '../helpers/app.js';
import { post201, requireTool } from '../helpers/audit.js';
import { minor, money } from '../helpers/contract.js';

/**
 * The printable passbook (Accept: text/html) in a real browser: Debian's Chromium driven by
 * playwright-core (never a downloaded browser). The rows, names and totals it renders are
 * the API's figures; the page loads nothing but itself; it prints to an A5 PDF.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const browserPath = requireTool(t, 'chromium', CHROMIUM);

interface Line {
  transactionId: string;
  occurredAt: string;
  kind: string;
  description: string | null;
  amount: string;
  balanceAfter: string;
}

/** The calendar date in Asia/Shanghai (UTC+8 all year), computed without Intl. */
const shanghaiDate = (isoInstant: string) => new Date(Date.parse(isoInstant) + 8 * 3_600_000).toISOString().slice(0, 10);

if (browserPath) {
  // What the server is asked for, whoever asks (the page, or the browser on its own).
  const served: string[] = [];
  const app = await buildTestApp(
    HISTORY_ENV,
    {
      logger: {
        level: 'info',
        stream: {
          write(line: string) {
            const entry = JSON.parse(line) as { msg?: string; req?: { url?: string } };
            if (entry.msg === 'incoming request' && entry.req?.url) served.push(entry.req.url);
          },
        },
      },
    },
  );
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const c = client(app);
  const f = fixture(c);

  const userDataDir = mkdtempSync(join(tmpdir(), 'tl-chromium-'));
  let context: BrowserContext | undefined;
  t.teardown(async () => {
    await context?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  // A resident whose name needs escaping, and a history with a line before the period: its
  // earnings dated back (the account carried over from a paper passbook), what it spent
  // taking effect now.
  const code = uniqueCode('R');
  const name = '张秀英 <b>&"老张\'';
  const created = await c.post('/v1/accounts', { code, name, kind: 'member' });
  if (created.statusCode !== 201) throw new Error(`could not open the member: ${created.body}`);
  const member = created.json().id as string;
  const other = await f.member();
  const shop = await f.merchant();
  const base = Date.UTC(2024, 2, 10, 20, 30); // 20:30 UTC is already the next day in Shanghai
  const at = (days: number) => new Date(base + days * 86_400_000).toISOString();
  await openedAt(app, at(-1), member);
  await post201(c, '/v1/earnings', { accountId: member, amount: '40', category: 'public_labour', occurredAt: at(0), description: '开户后的第一次劳动' });
  await post201(c, '/v1/earnings', { accountId: member, amount: '25.5', category: 'public_labour', occurredAt: at(2), description: '打扫楼道' });
  await post201(c, '/v1/earnings', { accountId: member, amount: '8', category: 'duty_shift', occurredAt: at(3), description: '<img src="http://example.invalid/x.png"> night & day' });
  await post201(c, '/v1/earnings', { accountId: member, amount: '0.05', category: 'donation', occurredAt: at(6) });
  await post201(c, '/v1/redemptions', { accountId: member, merchantAccountId: shop.id, amount: '12.30', description: '大米 5kg' });
  const last = await post201<{ recordedAt: string }>(c, '/v1/transfers', { fromAccountId: member, toAccountId: other.id, amount: '3' });
  const from = at(1);
  // The period ends just after the last posting took effect: it holds all five, without waiting for time to pass.
  const to = new Date(Date.parse(last.recordedAt) + 1).toISOString();
  const path = `/v1/accounts/${member}/statement?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const url = `http://127.0.0.1:${port}${path}`;
  const json = (await c.get(path)).json() as {
    code: string;
    name: string;
    openingBalance: string;
    closingBalance: string;
    totalIn: string;
    totalOut: string;
    lines: Line[];
  };

  t.test('the statement this test prints', async (t) => {
    t.equal(json.lines.length, 5, 'five lines in the period');
    t.equal(json.openingBalance, '40.00', 'an opening balance from before the period');
    t.equal(json.closingBalance, money(4000n + 2550n + 800n - 1230n - 300n + 5n), 'closing');
  });

  t.test('the passbook in headless Chromium', async (t) => {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: browserPath,
      headless: true,
      args: CHROMIUM_ARGS,
      extraHTTPHeaders: { authorization: `Bearer ${ADMIN_KEY}`, accept: 'text/html' },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const requests: string[] = [];
    const problems: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    served.length = 0;
    const response = await page.goto(url, { waitUntil: 'load' });
    t.equal(response?.status(), 200, 'the page answers 200');
    t.match(response?.headers()['content-type'] ?? '', /^text\/html; charset=utf-8/i, 'as UTF-8 HTML');
    t.match(response?.headers()['content-security-policy'] ?? '', /default-src 'none'/, 'under a Content-Security-Policy');
    // Under that policy the stylesheet still applies: amounts right, the opening balance left.
    const align = (selector: string) => page.evaluate(`getComputedStyle(document.querySelector('${selector}')).textAlign`);
    t.equal(await align('#closing-balance'), 'right', 'the stylesheet applies (amounts aligned right)');
    t.equal(await align('#opening-balance'), 'left', 'the opening balance, aligned left without a style attribute');
    // Page functions as strings: this project type-checks without the DOM library.
    t.equal(await page.evaluate('document.documentElement.lang'), 'zh-CN', 'a Chinese page');

    const headers = (await page.evaluate("Array.from(document.querySelectorAll('thead th'), (th) => th.textContent.trim())")) as string[];
    t.same(headers, ['日期', '摘要', '存入', '支取', '余额'], 'columns 日期, 摘要, 存入, 支取, 余额');

    const cellsOf = (section: string) =>
      page.evaluate(`Array.from(document.querySelectorAll('${section} tr'), (tr) => Array.from(tr.cells, (td) => td.textContent.trim()))`) as Promise<string[][]>;
    const rows = await cellsOf('tbody');
    t.equal(rows.length, json.lines.length, `one row per line (${rows.length})`);
    json.lines.forEach((l, i) => {
      const row = rows[i] ?? [];
      const amount = minor(l.amount);
      t.same(
        [row[0], row[2], row[3], row[4]],
        [shanghaiDate(l.occurredAt), amount > 0n ? l.amount : '', amount < 0n ? money(-amount) : '', l.balanceAfter],
        `row ${i + 1}: date (Shanghai), in, out and balance are the API's (${l.kind} ${l.amount})`,
      );
      t.ok((row[1] ?? '').length > 0, `row ${i + 1}: a summary`);
      if (l.description) t.ok((row[1] ?? '').includes(l.description), `row ${i + 1}: the summary shows the description as text`);
    });
    t.equal(rows[1]?.[0], '2024-03-14', 'an entry at 20:30 UTC is dated the next day in Shanghai');
    t.equal(await page.locator('tbody img').count(), 0, 'a description with markup stays text: no element made of it');

    const text = (await page.evaluate('document.body.innerText')) as string;
    t.ok(text.includes(name), 'the account name, as written (escaped, not markup)');
    t.equal(await page.locator('b').count(), 0, 'the name made no element');
    t.ok(text.includes(code), 'the account code');
    t.ok(text.includes(shanghaiDate(from)) && text.includes(shanghaiDate(to)), 'the period');
    t.ok(text.includes(json.openingBalance), `the opening balance ${json.openingBalance}`);
    const footer = await cellsOf('tfoot');
    t.same(
      footer.flat().filter((cell) => /^-?[0-9]+\.[0-9]{2}$/.test(cell)),
      [json.totalIn, json.totalOut, json.closingBalance],
      `totals in ${json.totalIn}, out ${json.totalOut}, closing ${json.closingBalance}`,
    );
    t.equal(await page.title(), `时间银行存折 ${code}`, 'the title names the passbook');

    t.same(requests, [url], 'the page made exactly one request: the document itself (no external asset)');
    // The browser asks for /favicon.ico on its own; that is not the page's doing.
    const browserOwn = served.filter((u) => u === '/favicon.ico');
    t.same(
      served.filter((u) => u !== '/favicon.ico'),
      // As the log writes it: without its query string.
      [loggedUrl(path)],
      'the server was asked for the document only (besides the favicon the browser looks for by itself)',
    );
    t.same(
      problems.filter((p) => !(browserOwn.length > 0 && /Failed to load resource: .*404/.test(p))),
      [],
      'no script error',
    );

    // A5 is 148 mm wide: printed, nothing should overflow it.
    await page.setViewportSize({ width: 559, height: 794 });
    await page.emulateMedia({ media: 'print' });
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    t.ok(overflow <= 0, `at A5 width in print media the page does not overflow sideways (${overflow}px)`);

    const pdf = await page.pdf({ format: 'A5', printBackground: true });
    t.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'page.pdf gives a PDF');
    t.ok(pdf.length > 1024, `of more than 1 KB (${pdf.length} bytes)`);
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]/.exec(pdf.toString('latin1'));
    t.ok(box && Math.abs(Number(box[1]) - 419.5) < 2 && Math.abs(Number(box[2]) - 595.3) < 2, `A5 pages (MediaBox ${box ? `${box[1]} x ${box[2]}` : 'not found'})`);
    t.same(requests, [url], 'printing loaded nothing either');
    await page.close();
  });
}
