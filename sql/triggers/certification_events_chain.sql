-- Every certification event is numbered and hash-chained as it is written.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER certification_events_chain BEFORE INSERT ON certification_events FOR EACH ROW EXECUTE FUNCTION certification_event_chain();
ALTER TABLE certification_events ENABLE ALWAYS TRIGGER certification_events_chain;
