-- An account's id, kind and number of balance rows never change.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER accounts_identity BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION ledger_account_identity();
ALTER TABLE accounts ENABLE ALWAYS TRIGGER accounts_identity;
