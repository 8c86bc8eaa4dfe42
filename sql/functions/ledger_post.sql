-- One posting, its refusal raised as an error (SQLSTATE, message and DETAIL as
-- ledger_post_batch answers them): a batch of one, so that every rule of posting is written
-- once, in ledger_post_batch. Unlike the group-commit lane, it takes reversals, hold
-- captures and debits from multi-row accounts, which the service writes in a database
-- transaction of their own. p_now: see ledger_post_batch.
CREATE OR REPLACE FUNCTION ledger_post(
  p_id text, p_kind text, p_occurred_at timestamptz, p_description text, p_reference text,
  p_category text, p_reverses text, p_hold_id text, p_metadata jsonb, p_receipt jsonb,
  p_key_id text, p_role text, p_accounts text[], p_amounts bigint[], p_kinds text[],
  p_now timestamptz DEFAULT now()
) RETURNS timestamptz LANGUAGE plpgsql AS $$
DECLARE
  v_result record;
BEGIN
  SELECT r.recorded_at, r.error_code, r.error_detail, r.error_message INTO v_result
    FROM ledger_post_batch(ARRAY[p_id], ARRAY[p_kind], ARRAY[p_occurred_at], ARRAY[p_description], ARRAY[p_reference],
                           ARRAY[p_category], ARRAY[p_metadata], ARRAY[p_receipt], ARRAY[p_key_id], ARRAY[p_role],
                           array_fill(1, ARRAY[coalesce(array_length(p_accounts, 1), 0)]), p_accounts, p_amounts, p_kinds,
                           ARRAY[p_reverses], ARRAY[p_hold_id], p_now) AS r;
  IF v_result.error_code IS NULL THEN
    RETURN v_result.recorded_at;
  END IF;
  IF v_result.error_detail IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = v_result.error_code, MESSAGE = v_result.error_message;
  END IF;
  RAISE EXCEPTION USING ERRCODE = v_result.error_code, MESSAGE = v_result.error_message, DETAIL = v_result.error_detail;
END
$$;
