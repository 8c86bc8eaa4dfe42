/** What a new API key is bound to besides merchants: estates, categories, the member who holds it. */
import * as accountsDb from '../db/accounts.js';
import type { Executor } from '../db/client.js';
import * as categoriesDb from '../db/categories.js';
import { LedgerError } from '../ledger/errors.js';
import type { Role } from '../ledger/types.js';

/**
 * What an organiser, a certifier or any key linked to a member is bound to: an organiser to
 * estates and/or categories, a certifier to estates (like a cashier to its supermarkets).
 */
export async function keyBindings(
  tx: Executor,
  input: { role: Role; estates?: string[] | undefined; categoryCodes?: string[] | undefined; memberAccountId?: string | undefined },
): Promise<{ estates: string[]; categoryCodes: string[]; memberAccountId: string | null }> {
  const estates = [...new Set(input.estates ?? [])];
  const categoryCodes = [...new Set(input.categoryCodes ?? [])];
  const refuse = (path: string, message: string, detail: string) => {
    throw new LedgerError('validation_failed', detail, [{ path, message }]);
  };
  if (input.role === 'organiser' && estates.length === 0 && categoryCodes.length === 0) {
    refuse('estates', 'estates or categoryCodes required for an organiser', 'an organiser key is bound to estates or categories');
  }
  if (input.role === 'certifier' && estates.length === 0) refuse('estates', 'required for a certifier', 'a certifier key is bound to estates');
  if (input.role !== 'organiser' && input.role !== 'certifier' && estates.length > 0) {
    refuse('estates', 'only for an organiser or a certifier', 'only organiser and certifier keys are bound to estates');
  }
  if (input.role !== 'organiser' && categoryCodes.length > 0) {
    refuse('categoryCodes', 'only for an organiser', 'only an organiser key is bound to categories');
  }
  for (const [i, code] of categoryCodes.entries()) {
    if (!(await categoriesDb.findCategory(tx, code))) refuse(`categoryCodes.${i}`, 'unknown category', `no earning category ${code}`);
  }
  if (input.memberAccountId !== undefined && (await accountsDb.findAccountKind(tx, input.memberAccountId))?.kind !== 'member') {
    refuse('memberAccountId', 'must be a member account', `account ${input.memberAccountId} is not a member account`);
  }
  return { estates, categoryCodes, memberAccountId: input.memberAccountId ?? null };
}

