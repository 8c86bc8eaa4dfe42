-- The journal is append-only: entries are never truncated.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_no_truncate;
