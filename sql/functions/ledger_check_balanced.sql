-- Every transaction has at least two entries and they sum to zero (LD002). Called at commit
-- by the deferred constraint triggers on both sides: a header without legs, and legs without
-- balance.
CREATE OR REPLACE FUNCTION ledger_check_balanced(p_transaction_id text)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  v_count bigint;
  v_sum numeric;
BEGIN
  SELECT count(*), coalesce(sum(amount), 0) INTO v_count, v_sum
    FROM entries WHERE transaction_id = p_transaction_id;
  IF v_count < 2 OR v_sum <> 0 THEN
    RAISE EXCEPTION 'transaction % is unbalanced: % entries summing to %', p_transaction_id, v_count, v_sum
      USING ERRCODE = 'LD002';
  END IF;
END
$$;
