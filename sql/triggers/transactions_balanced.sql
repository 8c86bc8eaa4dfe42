-- Every transaction sums to zero over at least two entries, checked at commit (a constraint
-- trigger, DEFERRABLE INITIALLY DEFERRED). Constraint triggers cannot be replaced in place.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
DROP TRIGGER IF EXISTS transactions_balanced ON transactions;
CREATE CONSTRAINT TRIGGER transactions_balanced AFTER INSERT ON transactions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transactions_balanced();
ALTER TABLE transactions ENABLE ALWAYS TRIGGER transactions_balanced;
