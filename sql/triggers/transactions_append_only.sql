-- The journal is append-only: no transaction header is updated or deleted.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER transactions_append_only BEFORE DELETE OR UPDATE ON transactions FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE transactions ENABLE ALWAYS TRIGGER transactions_append_only;
