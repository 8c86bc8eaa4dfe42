import { formatMinor, toMinor } from '../ledger/money.js';
import type { Receipt } from '../ledger/types.js';

/** An optional RFC 3339 field of a request, as the ledger takes it. */
export function dateOf(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value);
}

/** A receipt as the terminal sent it, with unit prices normalised to two decimals. */
export function receiptOf(
  receipt: { number: string; lines: { name: string; quantity: number; unitPrice: string; sku?: string | undefined }[] } | undefined,
): Receipt | undefined {
  return (
    receipt && {
      number: receipt.number,
      lines: receipt.lines.map((l) => ({ ...l, unitPrice: formatMinor(toMinor(l.unitPrice)) })),
    }
  );
}
