-- The certification history is append-only, like the journal: a state change is a new row.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER certification_events_append_only BEFORE DELETE OR UPDATE ON certification_events FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE certification_events ENABLE ALWAYS TRIGGER certification_events_append_only;
