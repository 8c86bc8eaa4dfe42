-- The sequenced journal is never truncated.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE journal ENABLE ALWAYS TRIGGER journal_no_truncate;
