-- A hold's creation, capture and void write their events in the same database transaction.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER holds_outbox AFTER INSERT OR UPDATE OF status ON holds FOR EACH ROW EXECUTE FUNCTION ledger_outbox_holds();
ALTER TABLE holds ENABLE ALWAYS TRIGGER holds_outbox;
