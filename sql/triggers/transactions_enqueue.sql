-- Every transaction is queued for the hash-chained journal as it is written.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER transactions_enqueue AFTER INSERT ON transactions REFERENCING NEW TABLE AS new_transactions FOR EACH STATEMENT EXECUTE FUNCTION ledger_enqueue_transactions();
ALTER TABLE transactions ENABLE ALWAYS TRIGGER transactions_enqueue;
