-- Every posted transaction writes its event in the same database transaction (issue 16).
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER transactions_outbox AFTER INSERT ON transactions REFERENCING NEW TABLE AS new_transactions FOR EACH STATEMENT EXECUTE FUNCTION ledger_outbox_transactions();
ALTER TABLE transactions ENABLE ALWAYS TRIGGER transactions_outbox;
