-- Balances at an effective time without summing an account's whole history.
-- balance_checkpoints hold an account's balance as of an instant (all entries with
-- occurred_at <= as_of). A balance as of T is the latest checkpoint at or before T plus the
-- entries after it up to T: at most about two checkpoint intervals of entries, however long
-- the account's history.

-- Each entry now also counts towards its account's next checkpoint, and an entry backdated
-- to or before a checkpoint deletes the checkpoints it falsifies (and asks for new ones).
CREATE OR REPLACE FUNCTION ledger_apply_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_accepts boolean;
BEGIN
  UPDATE account_balances
     SET balance = balance + NEW.amount, entries_since_checkpoint = entries_since_checkpoint + 1
   WHERE account_id = NEW.account_id AND shard = NEW.shard
   RETURNING accepts_entries INTO v_accepts;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'account % has no balance row %', NEW.account_id, NEW.shard USING ERRCODE = 'LD006';
  END IF;
  IF NOT v_accepts THEN
    RAISE EXCEPTION 'account % is not active', NEW.account_id
      USING ERRCODE = 'LD004', DETAIL = NEW.account_id;
  END IF;
  DELETE FROM balance_checkpoints WHERE account_id = NEW.account_id AND as_of >= NEW.occurred_at;
  IF FOUND THEN
    UPDATE account_balances SET entries_since_checkpoint = entries_since_checkpoint + 1000000
     WHERE account_id = NEW.account_id AND shard = NEW.shard;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

-- Writes the checkpoints an account is due: from its latest checkpoint, one after every
-- p_every entries in effective-time order, reading at most p_entries_max entries per call.
-- It takes the same row locks as a posting, so no entry of the account can commit while it
-- reads, and a checkpoint never misses an entry.
CREATE FUNCTION ledger_checkpoint(p_account text, p_every integer, p_entries_max integer)
RETURNS integer LANGUAGE plpgsql AS $$
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
--> statement-breakpoint

-- The balance of an account including every entry with occurred_at <= p_as_of.
CREATE FUNCTION ledger_balance_as_of(p_account text, p_as_of timestamptz)
RETURNS bigint LANGUAGE sql STABLE AS $$
  WITH cp AS (
    SELECT as_of, balance FROM balance_checkpoints
     WHERE account_id = p_account AND as_of <= p_as_of
     ORDER BY as_of DESC LIMIT 1
  )
  SELECT (coalesce((SELECT balance FROM cp), 0)
        + coalesce((SELECT sum(e.amount) FROM entries e
                     WHERE e.account_id = p_account
                       AND e.occurred_at > coalesce((SELECT as_of FROM cp), '-infinity'::timestamptz)
                       AND e.occurred_at <= p_as_of), 0))::bigint
$$;
