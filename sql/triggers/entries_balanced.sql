-- Legs added to a transaction are checked at commit too (see transactions_balanced).
-- Constraint triggers cannot be replaced in place.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
DROP TRIGGER IF EXISTS entries_balanced ON entries;
CREATE CONSTRAINT TRIGGER entries_balanced AFTER INSERT ON entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entries_balanced();
ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_balanced;
