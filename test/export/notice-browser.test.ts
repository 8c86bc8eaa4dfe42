import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import t from 'tap';
import { NOTICE_CONTENT_SECURITY_POLICY, renderNoticeBoardHtml } from '../../src/export/notice-html.js';
import { requireTool } from '../helpers/audit.js';
import { BOARD_PAGE_URL, NOTICE_BOARD, NOTICE_ROWS } from '../helpers/notices.js';
import { decodeQrPng } from '../helpers/qr.js';

/**
 * The printable notice board (公示) in a real browser: Debian's Chromium driven by
 * playwright-core (never a downloaded browser), as the passbook is tested. The page is served
 * the way the public route will serve it (UTF-8 HTML under its Content-Security-Policy); the
 * test reads the masked rows back, checks the Chinese text is drawn with a CJK font (no
 * empty boxes), reads the QR code from a screenshot, and prints to A4.
 *
 * NOTICE_SCREENSHOT=/path/board.png writes a full-page screenshot there.
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
/** The CJK families the stylesheet names: the Chinese text must be drawn in one of them. */
const CJK_FAMILIES = ['Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'PingFang SC', 'Microsoft YaHei'];
const CJK_INSTALL = 'apt-get install -y fonts-wqy-microhei (or fonts-noto-cjk)';
/** A4 at the CSS 96 px per inch: 210 mm wide. */
const A4_WIDTH_PX = 794;
const A4_HEIGHT_PX = 1123;

const browserPath = requireTool(t, 'chromium', CHROMIUM);

if (browserPath) {
  const html = renderNoticeBoardHtml(NOTICE_BOARD, { pageUrl: BOARD_PAGE_URL });
  const served: string[] = [];
  const server = createServer((req, res) => {
    served.push(req.url ?? '');
    if (req.url !== '/public/notices') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': NOTICE_CONTENT_SECURITY_POLICY });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/public/notices`;

  const userDataDir = mkdtempSync(join(tmpdir(), 'tl-chromium-'));
  let context: BrowserContext | undefined;
  t.teardown(async () => {
    await context?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  t.test('the notice board in headless Chromium', async (t) => {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: browserPath,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: A4_WIDTH_PX, height: A4_HEIGHT_PX },
    });
    const requests: string[] = [];
    const problems: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    t.equal(response?.status(), 200, 'the page answers 200');
    // Page functions as strings: this project type-checks without the DOM library.
    const align = (selector: string) => page.evaluate(`getComputedStyle(document.querySelector('${selector}')).textAlign`);
    t.equal(await align('.total'), 'right', 'the stylesheet applies under the policy (totals aligned right)');
    t.equal(await align('.claim .name'), 'left', 'names aligned left');

    const rows = (await page.evaluate(
      "Array.from(document.querySelectorAll('tr.claim'), (tr) => Array.from(tr.cells, (td) => td.textContent.trim()))",
    )) as string[][];
    t.equal(rows.length, 12, 'twelve rows');
    t.same(
      rows.map((r) => r.slice(1)),
      NOTICE_ROWS,
      'each: masked name, masked code, points',
    );
    const text = (await page.evaluate('document.body.innerText')) as string;
    t.ok(text.includes(NOTICE_BOARD.activities[0]?.title ?? '?'), 'the title with markup shows as text');
    t.equal(await page.locator('script').count(), 0, 'and made no script element');
    for (const c of NOTICE_BOARD.activities.flatMap((a) => a.claims)) {
      t.notOk(text.includes(c.member.name) || text.includes(c.member.code), `${c.member.name} ${c.member.code}: not shown whole`);
    }
    for (const words of ['积分公示', '陈建国、刘桂兰', '2026-12-08 18:00', '异议方式', '扫码查看网上公示', '12月第一周门岗值班']) {
      t.ok(text.includes(words), `shows ${words}`);
    }

    // What the screen shows: each piece of Chinese text drawn in a CJK font of the
    // stylesheet, not in boxes from a font without the glyphs.
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    for (const selector of ['h1', 'h2', 'tr.claim td.name', '.certifiers', '.objection']) {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      const cjk = fonts.filter((f) => CJK_FAMILIES.includes(f.familyName));
      t.ok(
        cjk.length > 0 && cjk.some((f) => f.glyphCount > 0),
        `${selector}: drawn in a CJK font (${fonts.map((f) => `${f.familyName} x${f.glyphCount}`).join(', ') || 'none'}); if none is installed: ${CJK_INSTALL}`,
      );
    }

    // What a phone reads from the code on the sheet.
    const qr = page.locator('.qr svg').first();
    const box = await qr.boundingBox();
    t.ok(box && Math.abs(box.width - 113.4) < 2, `the QR code is 30 mm wide (${box?.width.toFixed(1)} px at 96 dpi)`);
    t.equal(decodeQrPng(await qr.screenshot()), BOARD_PAGE_URL, 'its screenshot decodes (jsQR) to the online page');

    const screenshot = process.env.NOTICE_SCREENSHOT;
    if (screenshot) {
      writeFileSync(screenshot, await page.screenshot({ fullPage: true }));
      t.comment(`screenshot written to ${screenshot}`);
    }

    // Printed: nothing wider than A4, two sheets at most for two activities of six.
    await page.emulateMedia({ media: 'print' });
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    t.ok(overflow <= 0, `at A4 width in print media the page does not overflow sideways (${overflow}px)`);
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    t.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'page.pdf gives a PDF');
    const raw = pdf.toString('latin1');
    const mediaBox = /\/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]/.exec(raw);
    t.ok(
      mediaBox && Math.abs(Number(mediaBox[1]) - 595.3) < 2 && Math.abs(Number(mediaBox[2]) - 841.9) < 2,
      `A4 pages (MediaBox ${mediaBox ? `${mediaBox[1]} x ${mediaBox[2]}` : 'not found'})`,
    );
    const pages = raw.match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
    t.ok(pages >= 1 && pages <= 2, `on ${pages} A4 sheet(s)`);

    t.same(requests, [url], 'the page made exactly one request: the document itself (no font, image or script fetched)');
    t.same(
      served.filter((u) => u !== '/favicon.ico'),
      ['/public/notices'],
      'the server was asked for the document only (besides the favicon the browser looks for by itself)',
    );
    t.same(
      problems.filter((p) => !/Failed to load resource: .*404/.test(p)),
      [],
      'no script error, no policy violation',
    );
    await page.close();
  });
}
