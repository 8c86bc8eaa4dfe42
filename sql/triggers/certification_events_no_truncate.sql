-- The certification history is never truncated.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER certification_events_no_truncate BEFORE TRUNCATE ON certification_events FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE certification_events ENABLE ALWAYS TRIGGER certification_events_no_truncate;
