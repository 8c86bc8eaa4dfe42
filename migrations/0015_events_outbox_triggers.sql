-- Written by `npm run db:sql` from sql/ (the live definitions): edit those files, never this one.
-- sql/functions/ledger_outbox_accounts.sql
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
--> statement-breakpoint
-- sql/functions/ledger_outbox_holds.sql
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
--> statement-breakpoint
-- sql/functions/ledger_outbox_transactions.sql
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
--> statement-breakpoint
-- sql/triggers/accounts_outbox.sql
-- An account frozen or closed writes its event in the same database transaction.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER accounts_outbox AFTER UPDATE OF status ON accounts FOR EACH ROW EXECUTE FUNCTION ledger_outbox_accounts();
ALTER TABLE accounts ENABLE ALWAYS TRIGGER accounts_outbox;
--> statement-breakpoint
-- sql/triggers/holds_outbox.sql
-- A hold's creation, capture and void write their events in the same database transaction.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER holds_outbox AFTER INSERT OR UPDATE OF status ON holds FOR EACH ROW EXECUTE FUNCTION ledger_outbox_holds();
ALTER TABLE holds ENABLE ALWAYS TRIGGER holds_outbox;
--> statement-breakpoint
-- sql/triggers/transactions_outbox.sql
-- Every posted transaction writes its event in the same database transaction (issue 16).
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER transactions_outbox AFTER INSERT ON transactions REFERENCING NEW TABLE AS new_transactions FOR EACH STATEMENT EXECUTE FUNCTION ledger_outbox_transactions();
ALTER TABLE transactions ENABLE ALWAYS TRIGGER transactions_outbox;
