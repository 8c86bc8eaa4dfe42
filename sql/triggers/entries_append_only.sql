-- The journal is append-only: no entry is updated or deleted.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER entries_append_only BEFORE DELETE OR UPDATE ON entries FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_append_only;
