-- Accounts are never deleted: the journal names them for ever.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER accounts_no_delete BEFORE DELETE OR TRUNCATE ON accounts FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE accounts ENABLE ALWAYS TRIGGER accounts_no_delete;
