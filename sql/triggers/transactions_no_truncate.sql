-- The journal is append-only: transactions are never truncated.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER transactions_no_truncate BEFORE TRUNCATE ON transactions FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE transactions ENABLE ALWAYS TRIGGER transactions_no_truncate;
