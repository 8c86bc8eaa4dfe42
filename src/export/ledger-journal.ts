import { formatMinor } from '../ledger/money.js';
import { localDate } from './dates.js';

/**
 * A plain-text double-entry journal that hledger and ledger-cli read. Accounts are named by
 * kind and code (members:R-0001, merchants:S-01, system:SYS-ISSUE-PUBLIC-LABOUR); amounts
 * are in the commodity PTS; each member posting carries a balance assertion with the balance
 * after it, so the reader re-checks every running balance.
 */
export const COMMODITY = 'PTS';

export interface LedgerAccount {
  code: string;
  kind: string;
}

export function ledgerAccountName(account: LedgerAccount): string {
  const branch = account.kind === 'member' ? 'members' : account.kind === 'merchant' ? 'merchants' : 'system';
  return `${branch}:${account.code}`;
}

/** Descriptions are free text; a journal line is not: one line, no comment marker. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/;/g, ',').replace(/\s{2,}/g, ' ').trim();
}

export function ledgerHeader(generatedAt: string, withAssertions: boolean): string {
  return [
    `; timebank-ledger journal, exported ${generatedAt}`,
    `; 1 ${COMMODITY} = 1 point = 1 yuan. Dates are effective dates (occurredAt).`,
    withAssertions
      ? '; Every member posting asserts the balance after it.'
      : '; A partial export: no balance assertions (they need the whole history).',
    `commodity 1000.00 ${COMMODITY}`,
    '',
    '',
  ].join('\n');
}

export function ledgerTransaction(
  t: {
    seq: string;
    id: string;
    kind: string;
    occurredAt: string;
    description: string | null;
    category: string | null;
    hash: string;
    entries: { accountId: string; amount: bigint }[];
  },
  accounts: ReadonlyMap<string, LedgerAccount>,
  timeZone: string,
  balanceAfter: ((accountId: string) => bigint | undefined) | undefined,
): string {
  const title = oneLine([t.kind, t.category, t.description].filter(Boolean).join(' | '));
  const lines = [`${localDate(t.occurredAt, timeZone)} * (${t.id}) ${title}`, `    ; seq: ${t.seq}, hash: ${t.hash}`];
  for (const e of t.entries) {
    const account = accounts.get(e.accountId);
    const name = account ? ledgerAccountName(account) : `unknown:${e.accountId}`;
    const assertion = account?.kind === 'member' && balanceAfter ? balanceAfter(e.accountId) : undefined;
    const amount = `${formatMinor(e.amount)} ${COMMODITY}`;
    lines.push(`    ${name}  ${amount}${assertion === undefined ? '' : ` = ${formatMinor(assertion)} ${COMMODITY}`}`);
  }
  return `${lines.join('\n')}\n\n`;
}
