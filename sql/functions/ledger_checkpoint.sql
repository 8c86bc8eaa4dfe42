-- Writes the balance checkpoints an account is due, under the same row locks a posting takes,
-- so that a checkpoint never misses an entry that commits meanwhile.
CREATE OR REPLACE FUNCTION ledger_checkpoint(p_account text, p_every integer, p_entries_max integer)
 RETURNS integer
 LANGUAGE plpgsql
AS $$
DECLARE
  v_from timestamptz;
  v_balance numeric;
  v_count bigint;
  v_read bigint;
  v_last timestamptz;
  v_written integer;
BEGIN
  PERFORM 1 FROM account_balances WHERE account_id = p_account ORDER BY shard FOR UPDATE;
  SELECT as_of, balance, entry_count INTO v_from, v_balance, v_count
    FROM balance_checkpoints WHERE account_id = p_account ORDER BY as_of DESC LIMIT 1;
  IF NOT FOUND THEN
    v_from := '-infinity';
    v_balance := 0;
    v_count := 0;
  END IF;

  SELECT count(*), max(occurred_at) INTO v_read, v_last
    FROM (SELECT occurred_at FROM entries WHERE account_id = p_account AND occurred_at > v_from
           ORDER BY occurred_at LIMIT p_entries_max) e;

  -- When the read stopped at the limit, the last instant may be cut short: leave it out.
  WITH instants AS (
    SELECT occurred_at, sum(amount) AS delta, count(*) AS n
      FROM entries
     WHERE account_id = p_account AND occurred_at > v_from
       AND (occurred_at < v_last OR (v_read < p_entries_max AND occurred_at = v_last))
     GROUP BY occurred_at
  ), running AS (
    SELECT occurred_at, n,
           v_balance + sum(delta) OVER w AS balance,
           v_count + sum(n) OVER w AS entry_count
      FROM instants
    WINDOW w AS (ORDER BY occurred_at ROWS UNBOUNDED PRECEDING)
  )
  INSERT INTO balance_checkpoints (account_id, as_of, balance, entry_count)
  SELECT p_account, occurred_at, balance, entry_count
    FROM running
   WHERE floor((entry_count - v_count) / p_every) > floor((entry_count - n - v_count) / p_every);
  GET DIAGNOSTICS v_written = ROW_COUNT;

  IF v_read < p_entries_max THEN
    UPDATE account_balances SET entries_since_checkpoint = 0
     WHERE account_id = p_account AND entries_since_checkpoint <> 0;
  END IF;
  RETURN v_written;
END
$$;
