-- Balances follow the journal: every statement that inserts entries moves their balance rows.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER entries_apply AFTER INSERT ON entries REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_apply_entries();
ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_apply;
