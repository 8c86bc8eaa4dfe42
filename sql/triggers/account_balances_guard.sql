-- Balance rows move only with the journal (see ledger_guard_balance_row).
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER account_balances_guard BEFORE INSERT OR DELETE OR UPDATE ON account_balances FOR EACH ROW EXECUTE FUNCTION ledger_guard_balance_row();
ALTER TABLE account_balances ENABLE ALWAYS TRIGGER account_balances_guard;
