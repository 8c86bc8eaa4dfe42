-- A hold's creation, capture and void write its event to the outbox in the same database
-- transaction. Expiry is not a write (a pending hold past expires_at reserves nothing): the
-- sequencer writes hold.expired when the service clock passes it.
CREATE OR REPLACE FUNCTION ledger_outbox_holds()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO event_outbox (type, resource_id) VALUES ('hold.created', NEW.id);
  ELSIF NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('captured', 'voided') THEN
    INSERT INTO event_outbox (type, resource_id) VALUES ('hold.' || NEW.status, NEW.id);
  END IF;
  RETURN NULL;
END
$$;
