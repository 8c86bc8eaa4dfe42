import { createHash } from 'node:crypto';
import { renderSVG } from 'uqr';
import { AMOUNT_PATTERN, formatMinor, toMinor } from '../ledger/money.js';
import { type MaskedNoticeActivity, maskedBoard, type NoticeBoard } from '../ledger/notices.js';
import { localDate, localDateTime } from './dates.js';
import { escapeHtml as escape } from './html.js';

/**
 * The page's only styles: one fixed stylesheet, no style attributes, so a hash can allow it.
 * A4 portrait for the estate's notice board (公示栏); an activity may run onto the next sheet,
 * a row never splits.
 */
const STYLE = `
  @page { size: A4; margin: 12mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 11pt; color: #111; margin: 0 auto; max-width: 186mm; }
  h1 { font-size: 20pt; text-align: center; margin: 2mm 0 1mm; letter-spacing: 0.3em; }
  .board-meta { text-align: center; color: #444; margin: 0 0 4mm; }
  .activity { border-top: 0.6mm solid #111; padding-top: 2mm; margin-bottom: 6mm; }
  h2 { font-size: 14pt; margin: 1mm 0 2mm; break-after: avoid; }
  .head { display: flex; gap: 4mm; justify-content: space-between; align-items: flex-start; break-inside: avoid; }
  .meta { display: grid; grid-template-columns: auto 1fr; gap: 1mm 4mm; margin: 0; flex: 1; }
  .meta dt { color: #555; } .meta dd { margin: 0; }
  .qr { margin: 0; width: 30mm; text-align: center; font-size: 8pt; color: #444; }
  .qr svg { display: block; width: 30mm; height: 30mm; shape-rendering: crispEdges; }
  table { width: 100%; border-collapse: collapse; margin-top: 3mm; table-layout: fixed; }
  th:nth-child(1) { width: 14mm; } th:nth-child(2) { width: 72mm; } th:nth-child(3) { width: 52mm; }
  th, td { border-bottom: 0.3mm solid #bbb; padding: 1.2mm 1.5mm; text-align: left; }
  th { border-bottom: 0.5mm solid #111; font-weight: 600; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .code { font-variant-numeric: tabular-nums; }
  tfoot td { border-top: 0.5mm solid #111; border-bottom: none; font-weight: 600; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  .objection { margin: 2mm 0 0; font-size: 9.5pt; break-inside: avoid; }
  .empty { text-align: center; margin: 20mm 0; }
  footer { margin-top: 4mm; color: #666; font-size: 8.5pt; overflow-wrap: anywhere; }
  @media print { body { max-width: none; } }
`;

/**
 * The page's Content-Security-Policy, for the route that serves it: nothing may load or run
 * but its own stylesheet, named by hash. Every value is escaped already; this holds if ever
 * one is not. The QR code is inline SVG with presentation attributes, which no policy blocks.
 */
export const NOTICE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A longer address makes a denser code: at 30 mm on paper, 256 characters is about as
 * many as a phone still reads from a step away.
 */
export const PAGE_URL_LENGTH_MAX = 256;

/** How the QR code is drawn: medium error correction survives a creased, sun-faded sheet. */
export const QR_OPTIONS = { ecc: 'M', border: 4 } as const;

/** The online page as a QR code: inline SVG, nothing fetched. */
export function noticeQrSvg(pageUrl: string): string {
  return renderSVG(pageUrl, QR_OPTIONS).replace(/^<svg /, '<svg role="img" aria-label="网上公示二维码" ');
}

function checkPageUrl(pageUrl: string): void {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    throw new TypeError(`the notice page's address is not a URL: ${JSON.stringify(pageUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`the notice page's address must be http(s), not ${url.protocol}`);
  if (pageUrl.length > PAGE_URL_LENGTH_MAX) throw new TypeError(`the notice page's address is longer than ${PAGE_URL_LENGTH_MAX} characters`);
}

function points(text: string): bigint {
  // The board prints what the ledger will pay: an amount it cannot read is a bug upstream.
  if (!AMOUNT_PATTERN.test(text)) throw new TypeError(`not an amount of points: ${JSON.stringify(text)}`);
  return toMinor(text);
}

/** "2026-12-05 09:00 至 11:30", or both dates when the activity runs past midnight. */
function when(a: MaskedNoticeActivity, timeZone: string): string {
  const start = localDateTime(a.startsAt, timeZone);
  const end = localDateTime(a.endsAt, timeZone);
  const sameDay = localDate(a.startsAt, timeZone) === localDate(a.endsAt, timeZone);
  return `${start} 至 ${sameDay ? end.slice(11) : end}`;
}

function activitySection(a: MaskedNoticeActivity, qr: string, timeZone: string): string {
  const deadline = localDateTime(a.noticeEndsAt, timeZone);
  let total = 0n;
  const rows = a.claims
    .map((c, i) => {
      const minor = points(c.points);
      total += minor;
      return `<tr class="claim"><td class="num no">${i + 1}</td><td class="name">${escape(c.member.name)}</td><td class="code">${escape(c.member.code)}</td><td class="num points">${formatMinor(minor)}</td></tr>`;
    })
    .join('\n');
  return `<section class="activity" data-activity-id="${escape(a.activityId)}">
<h2>${escape(a.title)}</h2>
<div class="head">
<dl class="meta">
  <dt>类别</dt><dd class="category">${escape(a.category)}</dd>
  <dt>小区</dt><dd class="estate">${escape(a.estate)}</dd>
  <dt>时间</dt><dd class="when">${escape(when(a, timeZone))}</dd>
  <dt>地点</dt><dd class="place">${escape(a.place)}</dd>
  <dt>认定人</dt><dd class="certifiers">${a.certifiers.map(escape).join('、')}</dd>
  <dt>公示截止</dt><dd class="deadline">${escape(deadline)}</dd>
</dl>
<figure class="qr">${qr}<figcaption>扫码查看网上公示</figcaption></figure>
</div>
<table class="claims">
<thead><tr><th class="num">序号</th><th>姓名</th><th>卡号</th><th class="num">积分</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><td></td><td colspan="2">合计 ${a.claims.length} 人</td><td class="num total">${formatMinor(total)}</td></tr></tfoot>
</table>
<p class="objection"><strong>异议方式：</strong>对以上名单或积分有异议的，请于 ${escape(deadline)} 前通过社区小程序提出，写明序号和理由（可扫码查看网上公示）。异议经组织者或认定人核实：成立的，该条积分不予发放；不成立的，公示期满后发放。公示期满无异议的，积分自动发放。</p>
</section>`;
}

/**
 * The public notice board (积分公示) as one printable A4 page in Chinese: per activity, what
 * was done, when and where, who certified it, the points per (masked) participant, the
 * deadline and how to object, and a QR code to the online page. Self-contained: no external
 * asset, no script. Names and card numbers are masked here, whatever the caller passes.
 */
export function renderNoticeBoardHtml(board: NoticeBoard, options: { pageUrl: string; timeZone?: string }): string {
  checkPageUrl(options.pageUrl);
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const shown = maskedBoard(board);
  const qr = noticeQrSvg(options.pageUrl);
  const sections = shown.activities.length
    ? shown.activities.map((a) => activitySection(a, qr, timeZone)).join('\n')
    : '<p class="empty">目前没有公示中的活动。</p>';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>积分公示 ${escape(shown.estate)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>积分公示</h1>
<p class="board-meta">${escape(shown.estate)} · 生成时间 ${escape(localDateTime(shown.generatedAt, timeZone))}</p>
${sections}
<footer>1 积分 = 1 元 · 依《个人信息保护法》，姓名、卡号部分隐去 · 网上公示：${escape(options.pageUrl)}</footer>
</body>
</html>
`;
}
