-- The sequenced, hash-chained journal is as append-only as the rows it orders.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER journal_append_only BEFORE DELETE OR UPDATE ON journal FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE journal ENABLE ALWAYS TRIGGER journal_append_only;
