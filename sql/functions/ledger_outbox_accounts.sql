-- An account frozen or closed writes its event to the outbox in the same database transaction.
CREATE OR REPLACE FUNCTION ledger_outbox_accounts()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('frozen', 'closed') THEN
    INSERT INTO event_outbox (type, resource_id) VALUES ('account.' || NEW.status, NEW.id);
  END IF;
  RETURN NULL;
END
$$;
