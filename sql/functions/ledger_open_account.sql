-- Opening an account creates its balance rows with it, all at zero, in one call. created_at
-- is the database's clock: when the account was opened is an audit fact, and a credit may not
-- take effect before it.
CREATE OR REPLACE FUNCTION ledger_open_account(p_id text, p_code text, p_name text, p_kind text, p_metadata jsonb, p_shards smallint)
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
AS $$
DECLARE
  v_created timestamptz;
BEGIN
  INSERT INTO accounts (id, code, name, kind, metadata, balance_shards)
    VALUES (p_id, p_code, p_name, p_kind, coalesce(p_metadata, '{}'::jsonb), p_shards)
    RETURNING created_at INTO v_created;
  INSERT INTO account_balances (account_id, shard, allow_negative)
    SELECT p_id, s, p_kind = 'system' FROM generate_series(0, p_shards - 1) AS s;
  RETURN v_created;
END
$$;
