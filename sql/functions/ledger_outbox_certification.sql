-- Every certification history row (a claim's or an activity's state change) writes its event
-- to the outbox in the same database transaction. The type is the history's state name under
-- `claim.` or `activity.`: this is the one mapping (src/ledger/events.ts lists the results).
-- `accountId` (the claim's member) is what the sequencer scopes the event by.
CREATE OR REPLACE FUNCTION ledger_outbox_certification()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  v_member text;
BEGIN
  IF NEW.claim_id IS NOT NULL THEN
    SELECT c.member_account_id INTO v_member FROM claims c WHERE c.id = NEW.claim_id;
  END IF;
  INSERT INTO event_outbox (type, resource_id, data, created_at)
  VALUES (
    CASE WHEN NEW.claim_id IS NULL THEN 'activity.' ELSE 'claim.' END || NEW.state,
    coalesce(NEW.claim_id, NEW.activity_id),
    jsonb_build_object('certification', jsonb_build_object(
      'seq', NEW.seq::text, 'activityId', NEW.activity_id, 'claimId', NEW.claim_id, 'memberAccountId', v_member,
      'state', NEW.state, 'actorKeyId', NEW.actor_key_id, 'reason', NEW.reason,
      'at', to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
      || CASE WHEN v_member IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('accountId', v_member) END,
    NEW.at);
  RETURN NULL;
END
$$;
