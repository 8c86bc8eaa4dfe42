-- Every posted transaction writes its event to the outbox in the same database transaction
-- (issue 16): one row per transaction, from one statement per posting statement. What the
-- event says is read from the transaction when the sequencer numbers it (transactions never
-- change), so posting pays for nothing more.
CREATE OR REPLACE FUNCTION ledger_outbox_transactions()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO event_outbox (type, resource_id) SELECT 'transaction.posted', n.id FROM new_transactions n;
  RETURN NULL;
END
$$;
