-- Every claim and activity state change writes its event in the same database transaction.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER certification_events_outbox AFTER INSERT ON certification_events FOR EACH ROW EXECUTE FUNCTION ledger_outbox_certification();
ALTER TABLE certification_events ENABLE ALWAYS TRIGGER certification_events_outbox;
