-- An account frozen or closed writes its event in the same database transaction.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER accounts_outbox AFTER UPDATE OF status ON accounts FOR EACH ROW EXECUTE FUNCTION ledger_outbox_accounts();
ALTER TABLE accounts ENABLE ALWAYS TRIGGER accounts_outbox;
