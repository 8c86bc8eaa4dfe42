import { createHash } from 'node:crypto';
import t from 'tap';
import { renderSVG } from 'uqr';
import { NOTICE_CONTENT_SECURITY_POLICY, noticeQrSvg, PAGE_URL_LENGTH_MAX, renderNoticeBoardHtml } from '../../src/export/notice-html.js';
import type { NoticeBoard } from '../../src/ledger/notices.js';
import { BOARD_PAGE_URL, NOTICE_BOARD, NOTICE_ROWS } from '../helpers/notices.js';
import { decodeQrSvg } from '../helpers/qr.js';

/**
 * The printable notice board as HTML text: what it shows, what it hides, what it escapes.
 * test/export/notice-browser.test.ts prints it in a real browser.
 */

const html = renderNoticeBoardHtml(NOTICE_BOARD, { pageUrl: BOARD_PAGE_URL });

/** Text of an element's HTML, entities decoded (only the five the page writes). */
const textOf = (inner: string) =>
  inner
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
const cells = (row: string) => [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1] as string));
const sections = (page: string) => [...page.matchAll(/<section class="activity"[\s\S]*?<\/section>/g)].map((m) => m[0]);
const field = (section: string, cls: string) => textOf(new RegExp(`<dd class="${cls}">([\\s\\S]*?)</dd>`).exec(section)?.[1] ?? '');
const tagNames = (page: string) => [...page.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]);

t.test('every claim is on the board, masked, with its points and row number', async (t) => {
  const rows = [...html.matchAll(/<tr class="claim">([\s\S]*?)<\/tr>/g)].map((m) => cells(m[1] as string));
  t.equal(rows.length, 12, 'twelve rows for twelve claims');
  t.same(
    rows.map((r) => r.slice(1)),
    NOTICE_ROWS,
    'each row: masked name, masked code, points',
  );
  t.same(
    rows.map((r) => r[0]),
    ['1', '2', '3', '4', '5', '6', '1', '2', '3', '4', '5', '6'],
    'numbered per activity, so an objection can name its row',
  );
  const [first, second] = sections(html);
  t.match(first ?? '', /<td class="num total">95\.50<\/td>/, 'the first activity totals 95.50');
  t.match(second ?? '', /<td class="num total">150\.00<\/td>/, 'the second 150.00');
  t.match(first ?? '', /合计 6 人/, 'and counts its six people');
});

t.test('no full name, card number or claim id reaches the page', async (t) => {
  // The body only: the stylesheet names a font "PingFang SC".
  const body = html.slice(html.indexOf('<body>'));
  for (const c of NOTICE_BOARD.activities.flatMap((a) => a.claims)) {
    for (const w of c.member.name.split(' ')) t.notOk(body.includes(w), `${w} (of ${c.member.name}) is not shown whole`);
    t.notOk(html.includes(c.member.code), `${c.member.code} is not on the page`);
    t.notOk(html.includes(c.claimId), `claim id ${c.claimId} is not on the page`);
  }
  t.notOk(html.includes('王芳'), '王芳, a name of the fixture, appears nowhere (not even inside a longer string)');
});

t.test('each activity: title, category, time, place, certifiers, deadline, how to object, the QR code', async (t) => {
  const [first, second] = sections(html);
  t.equal(textOf(/<h2>([\s\S]*?)<\/h2>/.exec(first ?? '')?.[1] ?? ''), NOTICE_BOARD.activities[0]?.title, 'the title, as written');
  t.equal(field(first ?? '', 'category'), '公益劳动', 'the category');
  t.equal(field(first ?? '', 'estate'), '澜湖三区', 'the estate');
  t.equal(field(first ?? '', 'when'), '2026-12-05 09:00 至 11:30', 'the time in Shanghai, one date for a morning');
  t.equal(field(second ?? '', 'when'), '2026-11-30 08:00 至 2026-12-06 20:00', 'both dates for a week of shifts');
  t.equal(field(first ?? '', 'place'), '中心花园北门集合', 'the place');
  t.equal(field(first ?? '', 'certifiers'), '陈建国、刘桂兰', "the certifiers' names");
  t.equal(field(first ?? '', 'deadline'), '2026-12-08 18:00', 'the notice deadline, local time');
  t.equal(field(second ?? '', 'deadline'), '2026-12-09 18:00', 'each activity its own');
  t.match(first ?? '', /<p class="objection">[^]*2026-12-08 18:00 前通过社区小程序提出，写明序号和理由/, 'how to object, and by when');
  t.match(html, /<p class="board-meta">澜湖三区 · 生成时间 2026-12-05 10:00<\/p>/, 'the estate and when the board was made');
  t.match(html, /<html lang="zh-CN">/, 'a Chinese page');
  t.match(html, /<title>积分公示 澜湖三区<\/title>/, 'titled for the estate');

  const utc = renderNoticeBoardHtml(NOTICE_BOARD, { pageUrl: BOARD_PAGE_URL, timeZone: 'UTC' });
  t.equal(field(sections(utc)[0] ?? '', 'deadline'), '2026-12-08 10:00', 'the time zone is the caller’s to choose');
});

t.test('the QR code: inline SVG that decodes to the online page', async (t) => {
  const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
  t.equal(svgs.length, 2, 'one per activity, so each sheet can hang on its own');
  t.ok(svgs.every((s) => s === noticeQrSvg(BOARD_PAGE_URL)), 'both the same code');
  t.equal(
    svgs[0]?.replace(' role="img" aria-label="网上公示二维码"', ''),
    renderSVG(BOARD_PAGE_URL, { ecc: 'M', border: 4 }),
    "the library's own SVG for the address, with an accessible name added",
  );
  t.equal(decodeQrSvg(svgs[0] ?? ''), BOARD_PAGE_URL, 'read back by an independent decoder (jsQR): the online page');
  const chinese = 'https://例子.cn/公示?小区=澜湖三区';
  t.equal(decodeQrSvg(noticeQrSvg(chinese)), chinese, 'an address with Chinese characters reads back too (UTF-8)');
  t.match(html, /<footer>[^<]*网上公示：https:\/\/lanhu\.example\.cn\/public\/notices\?estate=lanhu-3<\/footer>/, 'and the address in print');
});

t.test('the page address must be an http(s) URL of sensible length', async (t) => {
  const render = (pageUrl: string) => () => renderNoticeBoardHtml(NOTICE_BOARD, { pageUrl });
  t.throws(render('javascript:alert(1)'), /must be http\(s\)/, 'no javascript: link in a code a phone will open');
  t.throws(render('data:text/html,<b>x</b>'), /must be http\(s\)/, 'nor data:');
  t.throws(render('/public/notices'), /not a URL/, 'an absolute address: a phone has no base to resolve against');
  t.throws(render(`https://x.cn/${'a'.repeat(PAGE_URL_LENGTH_MAX)}`), /longer than 256/, 'too long for a code read from a step away');
  t.doesNotThrow(render(`https://x.cn/${'a'.repeat(PAGE_URL_LENGTH_MAX - 13)}`), 'exactly 256 is fine');
  const odd = 'https://x.cn/?q="><script>alert(1)</script>';
  const page = renderNoticeBoardHtml(NOTICE_BOARD, { pageUrl: odd });
  t.notOk(page.includes('<script'), 'an address with markup is printed as text');
  t.equal(decodeQrSvg(noticeQrSvg(odd)), odd, 'and encoded as given');
});

t.test('everything shown is escaped: no field can add markup', async (t) => {
  const evil = `<img src=x onerror=alert(1)>"'&<script>alert(2)</script>`;
  const hostile: NoticeBoard = {
    estate: evil,
    generatedAt: NOTICE_BOARD.generatedAt,
    activities: NOTICE_BOARD.activities.map((a) => ({
      ...a,
      activityId: `${a.activityId}"${evil}`,
      title: evil,
      category: evil,
      estate: evil,
      place: evil,
      certifiers: [evil, evil],
      claims: a.claims.map((c) => ({ ...c, member: { name: `<b>${evil}`, code: `"${evil}` } })),
    })),
  };
  const benign: NoticeBoard = structuredClone(NOTICE_BOARD);
  const page = renderNoticeBoardHtml(hostile, { pageUrl: BOARD_PAGE_URL });
  t.same(tagNames(page), tagNames(renderNoticeBoardHtml(benign, { pageUrl: BOARD_PAGE_URL })), 'the same elements as an ordinary board: not one added');
  t.notOk(/<img|<script|<b>/.test(page), 'no img, script or b element');
  t.ok(page.includes('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;&lt;script&gt;'), 'the markup shown as text');
  t.match(page, /<title>积分公示 &lt;img/, 'in the title too');
  t.match(page, /data-activity-id="act_01JF0000000000000000000001&quot;&lt;img/, 'and inside an attribute');
  t.match(page, /<td class="name">&lt;\*+ s\*+ o\*+<\/td>/, 'a name starting with markup: masked, its first character escaped');
  t.match(page, /<td class="code">\*+t&gt;<\/td>/, 'a code ending with markup: its last two characters, escaped');
});

t.test('the stylesheet is the one the Content-Security-Policy allows; nothing runs', async (t) => {
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  t.ok(NOTICE_CONTENT_SECURITY_POLICY.includes(`style-src 'sha256-${hash}'`), 'the policy names the page stylesheet by hash');
  t.match(NOTICE_CONTENT_SECURITY_POLICY, /^default-src 'none'/, 'and allows nothing else');
  t.match(style, /@page \{ size: A4;/, 'printed on A4');
  t.match(style, /"Noto Sans CJK SC"/, 'with a CJK font first');
  t.notOk(/ style=|<script|<link|<img|src=/.test(html), 'no style attribute, script, link or image: the page loads nothing');
  t.equal(renderNoticeBoardHtml(NOTICE_BOARD, { pageUrl: BOARD_PAGE_URL }), html, 'the same board renders the same page');
});

t.test('edge cases: an empty board; an amount the ledger cannot read', async (t) => {
  const empty = renderNoticeBoardHtml({ estate: '澜湖三区', generatedAt: NOTICE_BOARD.generatedAt, activities: [] }, { pageUrl: BOARD_PAGE_URL });
  t.match(empty, /<p class="empty">目前没有公示中的活动。<\/p>/, 'an empty board says so');
  t.notOk(empty.includes('<svg'), 'and has no activity to link');
  const bad = structuredClone(NOTICE_BOARD);
  const claim = bad.activities[0]?.claims[0];
  if (claim) claim.points = '1e3';
  t.throws(() => renderNoticeBoardHtml(bad, { pageUrl: BOARD_PAGE_URL }), /not an amount of points: "1e3"/, 'a malformed amount is a bug upstream, never printed');
});
