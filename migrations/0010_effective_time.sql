-- When a posting may take effect (issue 13). The invariant is "no member's or merchant's
-- balance is below zero at any effective time", and a balance as of a moment sums the
-- entries that occurred at or before it. A debit dated back would lower every balance since
-- its date, and those were never checked: a redemption dated 2001 made a resident's balance
-- as of 2020 -80.00. So:
--
-- - a debit from a member or a merchant takes effect when it is recorded (the balance it is
--   checked against, now, holds every entry ever made);
-- - a credit may be dated back (it only raises past balances), but never before the
--   credited account was opened; how far back at most is the service's setting
--   (BACKDATE_WINDOW_DAYS), checked in src/ledger;
-- - no transaction occurs before 1970 (NOT VALID: rows already stored are not re-judged).
--
-- ledger_post and ledger_post_batch are as in 0009 but for these checks, and for reading
-- each account's created_at with the lookup they already make. Entries written by hand
-- (the benchmark's seeded history) are not judged: these are rules of posting.

ALTER TABLE transactions ADD CONSTRAINT transactions_occurred_from_1970
  CHECK (occurred_at >= '1970-01-01T00:00:00Z'::timestamptz) NOT VALID;
--> statement-breakpoint
-- Why a leg may not take effect at p_occurred_at, or NULL when it may. Only a posting dated
-- explicitly before its recording is judged: one without a date occurs when it is recorded.
CREATE FUNCTION ledger_effective_time_refused(
  p_occurred_at timestamptz, p_now timestamptz, p_amount bigint, p_kind text, p_opened timestamptz
) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN p_occurred_at IS NULL OR date_trunc('milliseconds', p_occurred_at) >= p_now THEN NULL
    WHEN p_amount < 0 AND p_kind <> 'system' THEN 'a debit from a member or a merchant takes effect when it is recorded, never earlier'
    WHEN p_amount > 0 AND date_trunc('milliseconds', p_occurred_at) < date_trunc('milliseconds', p_opened)
      THEN 'a credit cannot take effect before the account was opened'
  END
$$;
--> statement-breakpoint
-- ledger_post_batch as in 0009, but for the effective time of each leg.
CREATE OR REPLACE FUNCTION ledger_post_batch(
  p_ids text[], p_kinds text[], p_occurred_at timestamptz[], p_descriptions text[], p_references text[],
  p_categories text[], p_metadata jsonb[], p_receipts jsonb[], p_key_ids text[], p_roles text[],
  p_leg_postings int[], p_leg_accounts text[], p_leg_amounts bigint[], p_leg_kinds text[]
) RETURNS TABLE (posting int, recorded_at timestamptz, error_code text, error_detail text, error_message text)
LANGUAGE plpgsql AS $$
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
--> statement-breakpoint
-- ledger_post as in 0009, but for the effective time of each leg.
CREATE OR REPLACE FUNCTION ledger_post(
  p_id text, p_kind text, p_occurred_at timestamptz, p_description text, p_reference text,
  p_category text, p_reverses text, p_hold_id text, p_metadata jsonb, p_receipt jsonb,
  p_key_id text, p_role text, p_accounts text[], p_amounts bigint[], p_kinds text[]
) RETURNS timestamptz LANGUAGE plpgsql AS $$
DECLARE
  -- Milliseconds, because that is what the API shows: an asOf copied from a response must
  -- include the transaction it was copied from.
  v_now timestamptz := date_trunc('milliseconds', now());
  v_occurred timestamptz := date_trunc('milliseconds', coalesce(p_occurred_at, now()));
  v_n int := coalesce(array_length(p_accounts, 1), 0);
  v_shards smallint[] := '{}';
  v_lock_accounts text[] := '{}';
  v_lock_shards smallint[] := '{}';
  v_gather boolean[] := '{}';
  v_check boolean[] := '{}';
  v_acc record;
  v_total numeric;
  v_held numeric;
  v_refused text;
  i int;
BEGIN
  IF v_n < 2 OR v_n <> coalesce(array_length(p_amounts, 1), 0) THEN
    RAISE EXCEPTION 'a posting needs at least two legs' USING ERRCODE = 'LD002';
  END IF;

  FOR i IN 1 .. v_n LOOP
    SELECT id, kind, status, balance_shards, created_at INTO v_acc FROM accounts WHERE id = p_accounts[i];
    IF NOT FOUND THEN
      RAISE EXCEPTION 'account % not found', p_accounts[i] USING ERRCODE = 'LD005', DETAIL = p_accounts[i];
    END IF;
    -- The kinds each leg allows ('member|system'), checked here so a posting needs no
    -- round trip of its own to look its accounts up first.
    IF p_kinds IS NOT NULL AND p_kinds[i] IS NOT NULL
       AND NOT (v_acc.kind = ANY (string_to_array(p_kinds[i], '|'))) THEN
      RAISE EXCEPTION 'account % is a % account; expected %', p_accounts[i], v_acc.kind, replace(p_kinds[i], '|', ' or ')
        USING ERRCODE = 'LD007', DETAIL = i::text;
    END IF;
    IF v_acc.status <> 'active' THEN
      RAISE EXCEPTION 'account % is %', p_accounts[i], v_acc.status USING ERRCODE = 'LD004', DETAIL = p_accounts[i];
    END IF;
    IF p_occurred_at IS NOT NULL THEN
      v_refused := ledger_effective_time_refused(p_occurred_at, v_now, p_amounts[i], v_acc.kind, v_acc.created_at);
    END IF;
    IF v_refused IS NOT NULL THEN
      RAISE EXCEPTION 'account %: %', p_accounts[i], v_refused USING ERRCODE = 'LD009', DETAIL = p_accounts[i];
    END IF;
    v_check := v_check || (p_amounts[i] < 0 AND v_acc.kind <> 'system');
    IF v_check[i] THEN
      v_shards := v_shards || 0::smallint;
      v_gather := v_gather || (v_acc.balance_shards > 1);
      IF v_acc.balance_shards > 1 THEN
        v_lock_accounts := v_lock_accounts || array_fill(p_accounts[i], ARRAY[v_acc.balance_shards::int]);
        v_lock_shards := v_lock_shards || ARRAY(SELECT generate_series(0, v_acc.balance_shards - 1)::smallint);
      ELSE
        v_lock_accounts := v_lock_accounts || p_accounts[i];
        v_lock_shards := v_lock_shards || 0::smallint;
      END IF;
    ELSE
      -- One row per database transaction, not per posting: a batch of earnings then holds
      -- one of the issuance account's rows, not all of them, and other earnings still pass.
      v_shards := v_shards || (abs(hashint8(txid_current())::bigint) % v_acc.balance_shards)::smallint;
      v_gather := v_gather || false;
      v_lock_accounts := v_lock_accounts || p_accounts[i];
      v_lock_shards := v_lock_shards || v_shards[i];
    END IF;
  END LOOP;

  PERFORM 1 FROM account_balances b
    JOIN unnest(v_lock_accounts, v_lock_shards) AS k(account_id, shard)
      ON b.account_id = k.account_id AND b.shard = k.shard
    ORDER BY b.account_id, b.shard
    FOR UPDATE OF b;

  FOR i IN 1 .. v_n LOOP
    IF v_check[i] THEN
      SELECT coalesce(sum(balance), 0) INTO v_total FROM account_balances WHERE account_id = p_accounts[i];
      SELECT coalesce(sum(amount), 0) INTO v_held FROM holds
        WHERE account_id = p_accounts[i] AND status = 'pending' AND expires_at > v_now;
      IF v_total - v_held < -p_amounts[i] THEN
        RAISE EXCEPTION 'account % has % available, % needed', p_accounts[i], v_total - v_held, -p_amounts[i]
          USING ERRCODE = 'LD003', DETAIL = p_accounts[i];
      END IF;
      IF v_gather[i] THEN
        -- Moving the balance between the account's own rows leaves its total unchanged.
        PERFORM set_config('ledger.balance_writer', 'on', true);
        UPDATE account_balances SET balance = CASE WHEN shard = 0 THEN v_total ELSE 0 END
          WHERE account_id = p_accounts[i] AND (shard = 0 OR balance <> 0);
        PERFORM set_config('ledger.balance_writer', 'off', true);
      END IF;
    END IF;
  END LOOP;

  INSERT INTO transactions (id, kind, occurred_at, recorded_at, description, reference, category_code,
                            reverses_transaction_id, hold_id, metadata, receipt, posted_by_key_id, posted_by_role)
    VALUES (p_id, p_kind, v_occurred, v_now, p_description, p_reference, p_category,
            p_reverses, p_hold_id, coalesce(p_metadata, '{}'::jsonb), p_receipt, p_key_id, p_role);

  INSERT INTO entries (transaction_id, account_id, shard, amount, occurred_at)
    SELECT p_id, l.account_id, l.shard, l.amount, v_occurred
      FROM unnest(p_accounts, v_shards, p_amounts) AS l(account_id, shard, amount)
      ORDER BY l.account_id, l.shard;

  RETURN v_now;
END
$$;
--> statement-breakpoint
-- CREATE OR REPLACE resets a function's settings: the posting functions' plans again.
ALTER FUNCTION ledger_post_batch(text[], text[], timestamptz[], text[], text[], text[], jsonb[], jsonb[], text[], text[], int[], text[], bigint[], text[])
  SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET plan_cache_mode = force_generic_plan;
--> statement-breakpoint
ALTER FUNCTION ledger_post(text, text, timestamptz, text, text, text, text, text, jsonb, jsonb, text, text, text[], bigint[], text[])
  SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET plan_cache_mode = force_generic_plan;
