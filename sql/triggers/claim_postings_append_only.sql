-- A claim's posting is forever: removing the row would let the claim post a second time.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER claim_postings_append_only BEFORE DELETE OR UPDATE ON claim_postings FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE claim_postings ENABLE ALWAYS TRIGGER claim_postings_append_only;
