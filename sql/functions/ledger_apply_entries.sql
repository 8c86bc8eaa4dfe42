-- Balances follow the journal: per statement, one UPDATE per balance row touched, in the
-- global lock order. An entry joins only a header written by the same database transaction
-- (LD010), names an existing balance row (LD006) of an account that takes entries (LD004), and
-- a statement's debits must be covered by the balance before it (two transactions written by
-- one statement cannot net an overdraft away). A backdated entry deletes the checkpoints it
-- falsifies.
CREATE OR REPLACE FUNCTION ledger_apply_entries()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  v_orphan text;
  v_row record;
  v_accepts boolean;
  v_balance bigint;
  v_allow_negative boolean;
  v_updated bigint;
BEGIN
  -- Each a primary-key lookup, whatever the statistics say (the embedded store never
  -- gathers any, and a plan made while a table was small would scan it whole ever after).
  FOR v_orphan IN SELECT DISTINCT n.transaction_id FROM new_entries n LOOP
    PERFORM 1 FROM transactions t WHERE t.id = v_orphan AND t.xmin = pg_current_xact_id()::xid;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'entry for transaction %: entries are written with their transaction, never added later',
        v_orphan USING ERRCODE = 'LD010';
    END IF;
  END LOOP;
  -- One balance row at a time, in the global lock order.
  FOR v_row IN
    SELECT n.account_id, n.shard, sum(n.amount) AS amount, coalesce(sum(n.amount) FILTER (WHERE n.amount > 0), 0) AS credits,
           count(*) AS entries, min(n.occurred_at) AS earliest
      FROM new_entries n GROUP BY n.account_id, n.shard ORDER BY n.account_id, n.shard
  LOOP
    PERFORM set_config('ledger.balance_writer', 'on', true);
    UPDATE account_balances
       SET balance = balance + v_row.amount, entries_since_checkpoint = entries_since_checkpoint + v_row.entries
     WHERE account_id = v_row.account_id AND shard = v_row.shard
     RETURNING accepts_entries, balance, allow_negative INTO v_accepts, v_balance, v_allow_negative;
    GET DIAGNOSTICS v_updated = ROW_COUNT;
    PERFORM set_config('ledger.balance_writer', 'off', true);
    IF v_updated = 0 THEN
      RAISE EXCEPTION 'account % has no balance row %', v_row.account_id, v_row.shard USING ERRCODE = 'LD006';
    END IF;
    IF NOT v_accepts THEN
      RAISE EXCEPTION 'account % is not active', v_row.account_id USING ERRCODE = 'LD004', DETAIL = v_row.account_id;
    END IF;
    IF NOT v_allow_negative AND v_balance - v_row.credits < 0 THEN
      RAISE EXCEPTION 'account %: the debits of one statement exceed the balance before it', v_row.account_id
        USING ERRCODE = '23514', CONSTRAINT = 'account_balances_non_negative', TABLE = 'account_balances';
    END IF;
    -- A backdated entry falsifies the checkpoints at or after it; the account is then due a
    -- new one at once.
    DELETE FROM balance_checkpoints WHERE account_id = v_row.account_id AND as_of >= v_row.earliest;
    IF FOUND THEN
      UPDATE account_balances SET entries_since_checkpoint = entries_since_checkpoint + 1000000
       WHERE account_id = v_row.account_id AND shard = v_row.shard;
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
