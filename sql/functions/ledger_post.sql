-- One posting in one round trip: locks its balance rows in (account id, shard) order, checks
-- accounts, kinds, status, effective time and available funds under the locks, and writes it.
CREATE OR REPLACE FUNCTION ledger_post(p_id text, p_kind text, p_occurred_at timestamp with time zone, p_description text, p_reference text, p_category text, p_reverses text, p_hold_id text, p_metadata jsonb, p_receipt jsonb, p_key_id text, p_role text, p_accounts text[], p_amounts bigint[], p_kinds text[])
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
 SET enable_hashjoin TO 'off'
 SET enable_mergejoin TO 'off'
 SET plan_cache_mode TO 'force_generic_plan'
AS $$
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
