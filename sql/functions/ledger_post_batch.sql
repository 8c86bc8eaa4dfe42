-- Many independent postings in one call (group commit), each checked as ledger_post checks it;
-- a refused posting is answered with its reason, the others are written.
CREATE OR REPLACE FUNCTION ledger_post_batch(p_ids text[], p_kinds text[], p_occurred_at timestamp with time zone[], p_descriptions text[], p_references text[], p_categories text[], p_metadata jsonb[], p_receipts jsonb[], p_key_ids text[], p_roles text[], p_leg_postings integer[], p_leg_accounts text[], p_leg_amounts bigint[], p_leg_kinds text[])
 RETURNS TABLE(posting integer, recorded_at timestamp with time zone, error_code text, error_detail text, error_message text)
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
 SET enable_hashjoin TO 'off'
 SET enable_mergejoin TO 'off'
 SET plan_cache_mode TO 'force_generic_plan'
AS $$
#variable_conflict use_column
DECLARE
  v_now timestamptz := date_trunc('milliseconds', now());
  v_n int := coalesce(array_length(p_ids, 1), 0);
  v_legs int := coalesce(array_length(p_leg_accounts, 1), 0);
  v_code text[] := array_fill(NULL::text, ARRAY[v_n]);
  v_detail text[] := array_fill(NULL::text, ARRAY[v_n]);
  v_message text[] := array_fill(NULL::text, ARRAY[v_n]);
  v_shards smallint[] := array_fill(0::smallint, ARRAY[v_legs]);
  v_check boolean[] := array_fill(false, ARRAY[v_legs]);
  v_credit bigint := abs(hashint8(txid_current())::bigint);
  v_leg record;
  v_prev int := 0;
  v_nth int := 0;
  v_written int := 0;
  v_avail_accounts text[];
  v_avail numeric[];
  v_trial numeric[];
  v_sum numeric;
  v_first int := 1;
  i int;
  k int;
BEGIN
  IF v_n = 0 OR v_legs < 2 * v_n OR v_legs <> coalesce(array_length(p_leg_amounts, 1), 0)
     OR v_legs <> coalesce(array_length(p_leg_postings, 1), 0) THEN
    RAISE EXCEPTION 'a batch needs postings of at least two legs each' USING ERRCODE = 'LD002';
  END IF;

  FOR v_leg IN
    SELECT l.i::int AS i, l.posting, l.account_id, l.amount, l.kinds, a.kind, a.status, a.balance_shards, a.created_at
      FROM unnest(p_leg_postings, p_leg_accounts, p_leg_amounts, p_leg_kinds) WITH ORDINALITY AS l(posting, account_id, amount, kinds, i)
      LEFT JOIN accounts a ON a.id = l.account_id
     ORDER BY l.i
  LOOP
    IF v_leg.posting < v_prev OR v_leg.posting > v_n OR v_leg.posting < 1 THEN
      RAISE EXCEPTION 'a batch lists its legs posting by posting' USING ERRCODE = 'LD002';
    END IF;
    IF v_leg.posting <> v_prev THEN v_prev := v_leg.posting; v_nth := 0; END IF;
    v_nth := v_nth + 1;
    CONTINUE WHEN v_code[v_leg.posting] IS NOT NULL;
    IF v_leg.kind IS NULL THEN
      v_code[v_leg.posting] := 'LD005'; v_detail[v_leg.posting] := v_leg.account_id;
      v_message[v_leg.posting] := format('account %s not found', v_leg.account_id);
    ELSIF v_leg.kinds IS NOT NULL AND NOT (v_leg.kind = ANY (string_to_array(v_leg.kinds, '|'))) THEN
      v_code[v_leg.posting] := 'LD007'; v_detail[v_leg.posting] := v_nth::text;
      v_message[v_leg.posting] := format('account %s is a %s account; expected %s', v_leg.account_id, v_leg.kind, replace(v_leg.kinds, '|', ' or '));
    ELSIF v_leg.status <> 'active' THEN
      v_code[v_leg.posting] := 'LD004'; v_detail[v_leg.posting] := v_leg.account_id;
      v_message[v_leg.posting] := format('account %s is %s', v_leg.account_id, v_leg.status);
    ELSIF p_occurred_at[v_leg.posting] IS NOT NULL
          AND ledger_effective_time_refused(p_occurred_at[v_leg.posting], v_now, v_leg.amount, v_leg.kind, v_leg.created_at) IS NOT NULL THEN
      v_code[v_leg.posting] := 'LD009'; v_detail[v_leg.posting] := v_leg.account_id;
      v_message[v_leg.posting] := format('account %s: %s', v_leg.account_id,
        ledger_effective_time_refused(p_occurred_at[v_leg.posting], v_now, v_leg.amount, v_leg.kind, v_leg.created_at));
    ELSIF v_leg.amount < 0 AND v_leg.kind <> 'system' THEN
      IF v_leg.balance_shards <> 1 THEN
        RAISE EXCEPTION 'account %: a debit from an account of several balance rows goes through ledger_post', v_leg.account_id
          USING ERRCODE = 'LD008';
      END IF;
      v_check[v_leg.i] := true;
    ELSE
      v_shards[v_leg.i] := (v_credit % v_leg.balance_shards)::smallint;
    END IF;
  END LOOP;

  PERFORM 1 FROM account_balances b
    JOIN (SELECT DISTINCT l.account_id, l.shard
            FROM unnest(p_leg_postings, p_leg_accounts, v_shards) AS l(posting, account_id, shard)
           WHERE v_code[l.posting] IS NULL) k
      ON b.account_id = k.account_id AND b.shard = k.shard
    ORDER BY b.account_id, b.shard
    FOR UPDATE OF b;

  SELECT array_agg(d.account_id), array_agg(d.available) INTO v_avail_accounts, v_avail
    FROM (SELECT k.account_id,
                 (SELECT coalesce(sum(b.balance), 0) FROM account_balances b WHERE b.account_id = k.account_id)
                 - (SELECT coalesce(sum(h.amount), 0) FROM holds h
                     WHERE h.account_id = k.account_id AND h.status = 'pending' AND h.expires_at > v_now) AS available
            FROM (SELECT DISTINCT l.account_id
                    FROM unnest(p_leg_postings, p_leg_accounts, v_check) AS l(posting, account_id, checked)
                   WHERE l.checked AND v_code[l.posting] IS NULL) k) d;

  -- Each posting in turn against what the earlier ones left: a posting is taken whole or not
  -- at all. Only debits count: a credit earlier in the batch is not spendable until the
  -- batch commits (the entry trigger holds every statement to the same rule).
  FOR i IN 1 .. v_legs + 1 LOOP
    IF i > v_legs OR p_leg_postings[i] <> p_leg_postings[v_first] THEN
      IF v_code[p_leg_postings[v_first]] IS NULL THEN
        v_trial := v_avail;
        v_sum := 0;
        FOR j IN v_first .. i - 1 LOOP
          v_sum := v_sum + p_leg_amounts[j];
          CONTINUE WHEN NOT v_check[j];
          k := array_position(v_avail_accounts, p_leg_accounts[j]);
          v_trial[k] := v_trial[k] + p_leg_amounts[j];
          IF v_trial[k] < 0 THEN
            v_code[p_leg_postings[j]] := 'LD003'; v_detail[p_leg_postings[j]] := p_leg_accounts[j];
            v_message[p_leg_postings[j]] := format('account %s has %s available, %s needed', p_leg_accounts[j], v_trial[k] - p_leg_amounts[j], -p_leg_amounts[j]);
            EXIT;
          END IF;
        END LOOP;
        IF v_code[p_leg_postings[v_first]] IS NULL AND (i - v_first < 2 OR v_sum <> 0) THEN
          v_code[p_leg_postings[v_first]] := 'LD002';
          v_message[p_leg_postings[v_first]] := format('posting %s: a posting needs at least two legs summing to zero', p_leg_postings[v_first]);
        END IF;
        IF v_code[p_leg_postings[v_first]] IS NULL THEN
          v_avail := v_trial;
          v_written := v_written + 1;
        END IF;
      END IF;
      v_first := i;
    END IF;
  END LOOP;

  IF v_written > 0 THEN
    INSERT INTO transactions (id, kind, occurred_at, recorded_at, description, reference, category_code,
                              metadata, receipt, posted_by_key_id, posted_by_role)
      SELECT p_ids[j], p_kinds[j], date_trunc('milliseconds', coalesce(p_occurred_at[j], v_now)), v_now,
             p_descriptions[j], p_references[j], p_categories[j], coalesce(p_metadata[j], '{}'::jsonb), p_receipts[j],
             p_key_ids[j], p_roles[j]
        FROM generate_subscripts(p_ids, 1) AS j
       WHERE v_code[j] IS NULL
       ORDER BY j;
    INSERT INTO entries (transaction_id, account_id, shard, amount, occurred_at)
      SELECT p_ids[l.posting], l.account_id, l.shard, l.amount, date_trunc('milliseconds', coalesce(p_occurred_at[l.posting], v_now))
        FROM unnest(p_leg_postings, p_leg_accounts, v_shards, p_leg_amounts) AS l(posting, account_id, shard, amount)
       WHERE v_code[l.posting] IS NULL
       ORDER BY l.posting, l.account_id, l.shard;
  END IF;

  RETURN QUERY
    SELECT j, CASE WHEN v_code[j] IS NULL THEN v_now END, v_code[j], v_detail[j], v_message[j]
      FROM generate_subscripts(p_ids, 1) AS j ORDER BY j;
END
$$;
