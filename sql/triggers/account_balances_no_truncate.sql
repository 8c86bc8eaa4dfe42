-- Balance rows are never truncated.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER account_balances_no_truncate BEFORE TRUNCATE ON account_balances FOR EACH STATEMENT EXECUTE FUNCTION ledger_guard_balance_row();
ALTER TABLE account_balances ENABLE ALWAYS TRIGGER account_balances_no_truncate;
