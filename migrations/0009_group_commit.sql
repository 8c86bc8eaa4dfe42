-- Group commit. A busy till sends many postings at once; written one database transaction
-- each, every posting pays for its own round trip, commit, lock statement and per-row
-- trigger work, and the ledger runs at a fraction of what PostgreSQL can do. This migration
-- lets the service write a batch of independent postings in one statement, without giving
-- up any rule the database enforces:
--
-- 1. (entries_balanced stays: a header's own check can be made to run early, with SET
--    CONSTRAINTS ... IMMEDIATE, and legs added after it would then go unchecked.)
-- 2. Balances are applied per statement, not per entry: one UPDATE per balance row touched,
--    from the statement's transition table. The rules are the same: an entry joins only a
--    header of its own database transaction, names an existing balance row of an account
--    that accepts entries, and a backdated entry deletes the checkpoints it falsifies. A
--    statement's debits must be covered by the balance before it, whatever it credits the
--    same row, so that two transactions written by one statement cannot net an overdraft
--    away.
-- 3. The journal queue is filled per statement too.
-- 4. ledger_post_batch: many two-or-more-legged postings in one call. Each posting is
--    checked as ledger_post checks it (accounts exist, kinds, status, available funds under
--    the row locks, earlier debits of the batch counted), and a refused posting is left
--    out and answered with its reason; the others are written. Rows are locked once, in the
--    global order, for the whole batch.

CREATE FUNCTION ledger_apply_entries() RETURNS trigger LANGUAGE plpgsql AS $$
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
        v_orphan USING ERRCODE = 'LD002';
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
--> statement-breakpoint
DROP TRIGGER entries_apply ON entries;
--> statement-breakpoint
DROP FUNCTION ledger_apply_entry();
--> statement-breakpoint
CREATE TRIGGER entries_apply AFTER INSERT ON entries REFERENCING NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_apply_entries();
--> statement-breakpoint
ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_apply;
--> statement-breakpoint
CREATE FUNCTION ledger_enqueue_transactions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO journal_queue (transaction_id) SELECT n.id FROM new_transactions n;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER transactions_enqueue ON transactions;
--> statement-breakpoint
DROP FUNCTION ledger_enqueue_transaction();
--> statement-breakpoint
CREATE TRIGGER transactions_enqueue AFTER INSERT ON transactions REFERENCING NEW TABLE AS new_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_enqueue_transactions();
--> statement-breakpoint
ALTER TABLE transactions ENABLE ALWAYS TRIGGER transactions_enqueue;
--> statement-breakpoint
-- The legs are listed posting by posting (p_leg_postings is 1-based and never decreases).
-- Only debits from single-row accounts (members) are checked here; a posting that debits a
-- multi-row account (a merchant refunding) goes through ledger_post, which gathers its rows.
CREATE FUNCTION ledger_post_batch(
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
    SELECT l.i::int AS i, l.posting, l.account_id, l.amount, l.kinds, a.kind, a.status, a.balance_shards
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
-- ledger_post as in 0008, but for one thing: hashint8 answers an int4, whose abs() overflows for
-- its least value (one database transaction in 2^32 would fail with 22003); widened first.
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
  i int;
BEGIN
  IF v_n < 2 OR v_n <> coalesce(array_length(p_amounts, 1), 0) THEN
    RAISE EXCEPTION 'a posting needs at least two legs' USING ERRCODE = 'LD002';
  END IF;

  FOR i IN 1 .. v_n LOOP
    SELECT id, kind, status, balance_shards INTO v_acc FROM accounts WHERE id = p_accounts[i];
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
-- Postings touch a handful of rows by key. Their plans must not depend on statistics: the
-- embedded store never gathers any (no autovacuum), and a plan made while a table was small
-- would scan it whole ever after, so the posting functions plan index lookups only. Generic
-- plans, because those are all they need, and re-planning every statement of every call
-- cost a fifth of a posting.
ALTER FUNCTION ledger_post_batch(text[], text[], timestamptz[], text[], text[], text[], jsonb[], jsonb[], text[], text[], int[], text[], bigint[], text[])
  SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET plan_cache_mode = force_generic_plan;
--> statement-breakpoint
ALTER FUNCTION ledger_post(text, text, timestamptz, text, text, text, text, text, jsonb, jsonb, text, text, text[], bigint[], text[])
  SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET plan_cache_mode = force_generic_plan;
