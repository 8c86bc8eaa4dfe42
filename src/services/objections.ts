/**
 * Objections to claims on public notice (评议, 监督): a community app files one for the member
 * it names; an organiser or a certifier upholds it (the claim is dropped) or dismisses it (the
 * claim hangs on notice again, and posts when its window has ended). Both are recorded.
 */
import * as accountsDb from '../db/accounts.js';
import * as activitiesDb from '../db/activities.js';
import * as eventsDb from '../db/certification-events.js';
import type { Executor } from '../db/client.js';
import * as objectionsDb from '../db/objections.js';
import * as activities from '../ledger/activities.js';
import type { Objection } from '../ledger/activities.js';
import type { Clock } from '../ledger/clock.js';
import { assertInvariant, LedgerError } from '../ledger/errors.js';
import { newId } from '../ledger/ids.js';
import type { Actor } from '../ledger/types.js';
import { requireActivityScope, requireOperation } from './access.js';
import { event, toClaim } from './activities.js';
import type { Answer, Answering, UnitOfWork } from './unit-of-work.js';

export class Objections {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Suspends a claim on notice until the objection is decided; refused once the notice has ended. */
  object(claimId: string, input: { memberAccountId: string; reason: string }, actor: Actor, answering: Answering<Objection>): Promise<Answer> {
    requireOperation(actor, 'createObjection');
    return this.uow.write(answering, {}, async ({ ex }) => {
      const row = await activitiesDb.findClaim(ex, claimId, { lock: true });
      if (!row) throw new LedgerError('not_found', `claim ${claimId} does not exist`);
      if ((await accountsDb.findAccountKind(ex, input.memberAccountId))?.kind !== 'member') {
        throw new LedgerError('validation_failed', `account ${input.memberAccountId} is not a member account`, [
          { path: 'memberAccountId', message: 'must be a member account' },
        ]);
      }
      const now = this.clock.now();
      const claim = toClaim(row);
      activities.requireObjectable(claim, now);
      const id = newId('obj', now.getTime());
      await objectionsDb.insertObjection(ex, { id, claimId, objectorAccountId: input.memberAccountId, objectorKeyId: actor.keyId, reason: input.reason, createdAt: now });
      await activitiesDb.setClaimState(ex, claimId, 'objected');
      await eventsDb.appendEvents(ex, [event(claim.activityId, claimId, 'objected', actor, input.reason, now, input.memberAccountId)]);
      return read(ex, id);
    });
  }

  decide(objectionId: string, input: { decision: 'uphold' | 'dismiss'; reason: string }, actor: Actor, answering: Answering<Objection>): Promise<Answer> {
    requireOperation(actor, 'decideObjection');
    return this.uow.write(answering, {}, async ({ ex }) => {
      const objection = await objectionsDb.findObjection(ex, objectionId, { lock: true });
      if (!objection) throw new LedgerError('not_found', `objection ${objectionId} does not exist`);
      const claim = await activitiesDb.findClaim(ex, objection.claimId, { lock: true });
      assertInvariant(claim, `objection ${objectionId} has no claim`);
      const activity = await activitiesDb.findActivity(ex, claim.activityId);
      assertInvariant(activity, `claim ${claim.id} has no activity`);
      // Out of the caller's estates (or categories), the objection reads as absent.
      try {
        requireActivityScope(actor, activity);
      } catch {
        throw new LedgerError('not_found', `objection ${objectionId} does not exist`);
      }
      activities.requireOpenObjection(objection);
      activities.requireImpartialDecider({ memberAccountId: actor.memberAccountId ?? null }, claim);
      const now = this.clock.now();
      const upheld = input.decision === 'uphold';
      await objectionsDb.decideObjection(ex, objectionId, { state: upheld ? 'upheld' : 'dismissed', byKeyId: actor.keyId, reason: input.reason, at: now });
      const events = [event(activity.id, claim.id, upheld ? 'upheld' : 'dismissed', actor, input.reason, now)];
      if (upheld && claim.state === 'objected') {
        await activitiesDb.setClaimState(ex, claim.id, 'dropped');
        events.push(event(activity.id, claim.id, 'dropped', actor, `objection ${objectionId} upheld`, now));
      } else if (!upheld && claim.state === 'objected' && (await objectionsDb.openObjectionsOn(ex, claim.id)) === 0) {
        await activitiesDb.setClaimState(ex, claim.id, 'on_notice');
        events.push(event(activity.id, claim.id, 'on_notice', actor, `objection ${objectionId} dismissed`, now));
      }
      await eventsDb.appendEvents(ex, events);
      return read(ex, objectionId);
    });
  }
}

async function read(ex: Executor, id: string): Promise<Objection> {
  const row = await objectionsDb.findObjection(ex, id);
  assertInvariant(row, `objection ${id} was not written`);
  return row;
}
