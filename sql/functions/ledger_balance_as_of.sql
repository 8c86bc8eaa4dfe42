-- An account's balance including every entry with occurred_at <= p_as_of: the latest
-- checkpoint at or before it plus the entries after it. The instant is always the caller's: this
-- function reads no clock.
CREATE OR REPLACE FUNCTION ledger_balance_as_of(p_account text, p_as_of timestamp with time zone)
 RETURNS bigint
 LANGUAGE sql
 STABLE
AS $$
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
