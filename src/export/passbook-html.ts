import { createHash } from 'node:crypto';
import { formatMinor } from '../ledger/money.js';
import type { StatementLine } from '../ledger/statements.js';
import type { Account } from '../ledger/types.js';
import { localDate, localDateTime } from './dates.js';
import { escapeHtml as escape } from './html.js';

const KIND_LABEL: Record<string, string> = {
  earning: '积分获得',
  redemption: '爱心超市兑换',
  transfer: '转赠',
  reversal: '冲正',
  adjustment: '调整',
};

/** The page's only styles: one fixed stylesheet, no style attributes, so a hash can allow it. */
const STYLE = `
  @page { size: A5; margin: 10mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt; color: #111; margin: 0 auto; max-width: 148mm; }
  h1 { font-size: 15pt; text-align: center; margin: 4mm 0 2mm; letter-spacing: 0.2em; }
  .meta { display: grid; grid-template-columns: auto 1fr; gap: 1mm 4mm; margin-bottom: 3mm; }
  .meta dt { color: #555; } .meta dd { margin: 0; }
  .meta dd.num { text-align: left; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border-bottom: 0.3mm solid #bbb; padding: 1.2mm 1mm; vertical-align: top; }
  th { border-bottom: 0.5mm solid #111; text-align: left; font-weight: 600; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .date { white-space: nowrap; }
  tfoot td { border-top: 0.5mm solid #111; border-bottom: none; font-weight: 600; }
  footer { margin-top: 3mm; color: #666; font-size: 8.5pt; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  @media print { body { max-width: none; } }
`;

/**
 * The passbook's Content-Security-Policy: nothing may load or run but its own stylesheet,
 * named by hash. Names and descriptions are escaped already; this holds if ever one is not.
 */
export const PASSBOOK_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A printable time-bank passbook (时间银行存折) in Chinese: one self-contained page, no
 * external assets, sized for A5 paper when printed.
 */
export function renderPassbook(p: {
  account: Account;
  from: string | null;
  to: string;
  openingBalance: bigint;
  closingBalance: bigint;
  totalIn: bigint;
  totalOut: bigint;
  lines: StatementLine[];
  timeZone: string;
  generatedAt: string;
}): string {
  const period = `${p.from ? localDate(p.from, p.timeZone) : '开户'} 至 ${localDate(p.to, p.timeZone)}`;
  const rows = p.lines
    .map((l) => {
      const summary = [KIND_LABEL[l.kind] ?? l.kind, l.description].filter(Boolean).join('：');
      return `<tr data-transaction-id="${escape(l.transactionId)}"><td class="date">${escape(localDate(l.occurredAt, p.timeZone))}</td><td class="summary">${escape(summary)}</td><td class="num in">${l.amount > 0n ? formatMinor(l.amount) : ''}</td><td class="num out">${l.amount < 0n ? formatMinor(-l.amount) : ''}</td><td class="num balance">${formatMinor(l.balanceAfter)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>时间银行存折 ${escape(p.account.code)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>时间银行存折</h1>
<dl class="meta">
  <dt>户名</dt><dd id="account-name">${escape(p.account.name)}</dd>
  <dt>账号</dt><dd id="account-code">${escape(p.account.code)}</dd>
  <dt>期间</dt><dd id="period">${escape(period)}</dd>
  <dt>期初余额</dt><dd id="opening-balance" class="num">${formatMinor(p.openingBalance)}</dd>
</dl>
<table>
<thead><tr><th>日期</th><th>摘要</th><th class="num">存入</th><th class="num">支取</th><th class="num">余额</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><td></td><td>合计 / 期末余额</td><td class="num" id="total-in">${formatMinor(p.totalIn)}</td><td class="num" id="total-out">${formatMinor(p.totalOut)}</td><td class="num" id="closing-balance">${formatMinor(p.closingBalance)}</td></tr></tfoot>
</table>
<footer>1 积分 = 1 元 · 打印时间 ${escape(localDateTime(p.generatedAt, p.timeZone))}</footer>
</body>
</html>
`;
}
