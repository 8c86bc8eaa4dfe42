-- Written by `npm run db:sql` from sql/ (the live definitions): edit those files, never this one.
DROP FUNCTION ledger_effective_time_refused(timestamp with time zone,timestamp with time zone,bigint,text,timestamp with time zone);
--> statement-breakpoint
DROP FUNCTION ledger_post(text,text,timestamp with time zone,text,text,text,text,text,jsonb,jsonb,text,text,text[],bigint[],text[]);
--> statement-breakpoint
DROP FUNCTION ledger_post_batch(text[],text[],timestamp with time zone[],text[],text[],text[],jsonb[],jsonb[],text[],text[],integer[],text[],bigint[],text[]);
--> statement-breakpoint
-- sql/functions/ledger_apply_entries.sql
-- Balances follow the journal: per statement, one UPDATE per balance row touched, in the
-- global lock order. An entry joins only a header written by the same database transaction
-- (LD010), names an existing balance row (LD006) of an account that takes entries (LD004), and
-- a statement's debits must be covered by the balance before it (two transactions written by
-- one statement cannot net an overdraft away). A backdated entry deletes the checkpoints it
-- falsifies.
CREATE OR REPLACE FUNCTION ledger_apply_entries()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
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
        v_orphan USING ERRCODE = 'LD010';
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
-- sql/functions/ledger_effective_time_refused.sql
-- When a leg may take effect (LD009 when it may not). The invariant: no member's or
-- merchant's balance is below zero at any effective time. A balance as of a moment sums what
-- occurred up to it, so a debit dated back would lower balances that were never checked:
-- - a debit from a member or a merchant takes effect when it is recorded, never earlier;
-- - a credit may be dated back (it only raises past balances), never before the credited
--   account was opened; how far back at most is the service's policy (BACKDATE_WINDOW_DAYS).
-- Why a leg may not take effect at p_occurred_at, or NULL when it may. Judged against the
-- recording time, the database's clock (see ledger_post_batch): the rule guards recorded
-- history, which a caller's clock does not move.
CREATE OR REPLACE FUNCTION ledger_effective_time_refused(
  p_occurred_at timestamptz, p_recorded_at timestamptz, p_amount bigint, p_kind text, p_opened timestamptz
) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN p_occurred_at IS NULL OR date_trunc('milliseconds', p_occurred_at) >= p_recorded_at THEN NULL
    WHEN p_amount < 0 AND p_kind <> 'system' THEN 'a debit from a member or a merchant takes effect when it is recorded, never earlier'
    WHEN p_amount > 0 AND date_trunc('milliseconds', p_occurred_at) < date_trunc('milliseconds', p_opened)
      THEN 'a credit cannot take effect before the account was opened'
  END
$$;
--> statement-breakpoint
-- sql/functions/ledger_guard_balance_row.sql
-- Balance rows move only with the journal (LD012): refuses any change of a balance that does
-- not come from an entry (ledger_apply_entries) or from gathering an account's rows into one
-- (ledger_post_batch), any change of a row's account, shard or kind flag, removing rows, and a
-- new row that does not start at zero. Writers announce themselves with the transaction-local
-- setting ledger.balance_writer.
CREATE OR REPLACE FUNCTION ledger_guard_balance_row()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'balance rows are never removed' USING ERRCODE = 'LD012';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.balance <> 0 OR NOT EXISTS (
         SELECT 1 FROM accounts a
          WHERE a.id = NEW.account_id AND NEW.shard < a.balance_shards
            AND (a.kind = 'system') = NEW.allow_negative) THEN
      RAISE EXCEPTION 'a balance row starts at zero, within its account''s rows and kind' USING ERRCODE = 'LD012';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.account_id IS DISTINCT FROM OLD.account_id OR NEW.shard IS DISTINCT FROM OLD.shard
     OR NEW.allow_negative IS DISTINCT FROM OLD.allow_negative THEN
    RAISE EXCEPTION 'a balance row''s account, shard and kind never change' USING ERRCODE = 'LD012';
  END IF;
  IF NEW.balance IS DISTINCT FROM OLD.balance
     AND current_setting('ledger.balance_writer', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'a balance moves only with an entry in the journal' USING ERRCODE = 'LD012';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- sql/functions/ledger_post.sql
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
--> statement-breakpoint
-- sql/functions/ledger_post_batch.sql
-- The posting function: every posting is checked and written here, alone (ledger_post is a
-- batch of one) or many at once (group commit). Each posting is taken whole or not at all:
--   LD005 an account does not exist; LD007 an account is not of a kind its leg allows
--   (DETAIL: the leg's 1-based index); LD004 an account is frozen or closed; LD009 a leg may
--   not take effect when the posting is dated (ledger_effective_time_refused); LD002 fewer
--   than two legs, or legs that do not sum to zero; LD003 a debited member's or merchant's
--   available points (balance less pending, unexpired holds), less the debits of the batch's
--   earlier postings, do not cover it. A refused posting is answered with its code, DETAIL
--   and message and left out; the others are written. LD011: the call itself is malformed.
-- Locks: every balance row the batch touches, once, in (account id, shard) order, so two
-- postings never deadlock. A credit lands on one row of a multi-row account chosen per
-- database transaction; a debit from a multi-row member or merchant locks all its rows and
-- gathers them into row 0 first (the total is unchanged), so row 0 can be checked.
-- Time: p_now is the caller's present (the service's clock; by default the transaction's
-- time, now()), and decides what is a matter of policy: whether a hold still reserves points
-- (expires_at > p_now). The database's own clock stays for what is audit and for the rule
-- that guards recorded history: recorded_at is when the ledger wrote the row, which the
-- journal, its hash chain and the transactions_not_future CHECK rely on and no caller may
-- choose; a posting without an occurredAt takes effect then; and whether a posting is dated
-- back is judged against it (a caller's clock behind the database's would otherwise let a
-- debit take effect under balances already recorded).
-- Legs are listed posting by posting: p_leg_postings is 1-based and never decreases.
CREATE OR REPLACE FUNCTION ledger_post_batch(
  p_ids text[], p_kinds text[], p_occurred_at timestamptz[], p_descriptions text[], p_references text[],
  p_categories text[], p_metadata jsonb[], p_receipts jsonb[], p_key_ids text[], p_roles text[],
  p_leg_postings int[], p_leg_accounts text[], p_leg_amounts bigint[], p_leg_kinds text[],
  p_reverses text[] DEFAULT NULL, p_hold_ids text[] DEFAULT NULL, p_now timestamptz DEFAULT now()
) RETURNS TABLE (posting int, recorded_at timestamptz, error_code text, error_detail text, error_message text)
LANGUAGE plpgsql
-- Postings touch a handful of rows by key. Their plans must not depend on statistics: the
-- embedded store never gathers any (no autovacuum), and a plan made while a table was small
-- would scan it whole ever after. Generic plans, because those are all they need, and
-- re-planning every statement of every call cost a fifth of a posting.
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
  -- Milliseconds, because that is what the API shows: an asOf copied from a response must
  -- include the transaction it was copied from.
  v_recorded timestamptz := date_trunc('milliseconds', now());
  v_now timestamptz := date_trunc('milliseconds', p_now);
  v_n int := coalesce(array_length(p_ids, 1), 0);
  v_legs int := coalesce(array_length(p_leg_accounts, 1), 0);
  v_code text[] := array_fill(NULL::text, ARRAY[v_n]);
  v_detail text[] := array_fill(NULL::text, ARRAY[v_n]);
  v_message text[] := array_fill(NULL::text, ARRAY[v_n]);
  v_count int[] := array_fill(0, ARRAY[v_n]);
  v_shards smallint[] := array_fill(0::smallint, ARRAY[v_legs]);
  -- How many of its account's rows a leg locks, from its shard on: all of them for a debit
  -- that gathers a multi-row account.
  v_spread smallint[] := array_fill(1::smallint, ARRAY[v_legs]);
  v_gathers boolean := false;
  v_check boolean[] := array_fill(false, ARRAY[v_legs]);
  -- One row per database transaction, not per posting: a batch of earnings then holds one of
  -- the issuance account's rows, not all of them, and other earnings still pass. hashint8
  -- answers an int4, whose abs() overflows for its least value: widened first.
  v_credit bigint := abs(hashint8(txid_current())::bigint);
  v_leg record;
  v_refused text;
  v_prev int := 0;
  v_nth int := 0;
  v_written int := 0;
  v_avail_accounts text[];
  v_avail numeric[];
  v_trial numeric[];
  v_sum numeric;
  v_first int := 1;
  i int;
  j int;
  k int;
BEGIN
  IF v_n = 0 OR p_now IS NULL OR v_legs <> coalesce(array_length(p_leg_amounts, 1), 0)
     OR v_legs <> coalesce(array_length(p_leg_postings, 1), 0) THEN
    RAISE EXCEPTION 'a batch needs postings, a time, and a posting number and an amount for each leg' USING ERRCODE = 'LD011';
  END IF;

  FOR v_leg IN
    SELECT l.i::int AS i, l.posting, l.account_id, l.amount, l.kinds, a.kind, a.status, a.balance_shards, a.created_at
      FROM unnest(p_leg_postings, p_leg_accounts, p_leg_amounts, p_leg_kinds) WITH ORDINALITY AS l(posting, account_id, amount, kinds, i)
      LEFT JOIN accounts a ON a.id = l.account_id
     ORDER BY l.i
  LOOP
    IF v_leg.posting IS NULL OR v_leg.posting < greatest(v_prev, 1) OR v_leg.posting > v_n THEN
      RAISE EXCEPTION 'a batch lists its legs posting by posting, numbered from 1' USING ERRCODE = 'LD011';
    END IF;
    IF v_leg.posting <> v_prev THEN v_prev := v_leg.posting; v_nth := 0; END IF;
    v_nth := v_nth + 1;
    v_count[v_leg.posting] := v_nth;
    CONTINUE WHEN v_code[v_leg.posting] IS NOT NULL;
    v_refused := NULL;
    IF v_leg.kind IS NOT NULL AND p_occurred_at[v_leg.posting] IS NOT NULL THEN
      v_refused := ledger_effective_time_refused(p_occurred_at[v_leg.posting], v_recorded, v_leg.amount, v_leg.kind, v_leg.created_at);
    END IF;
    IF v_leg.kind IS NULL THEN
      v_code[v_leg.posting] := 'LD005'; v_detail[v_leg.posting] := v_leg.account_id;
      v_message[v_leg.posting] := format('account %s not found', v_leg.account_id);
    ELSIF v_leg.kinds IS NOT NULL AND NOT (v_leg.kind = ANY (string_to_array(v_leg.kinds, '|'))) THEN
      -- The kinds each leg allows ('member|system'), checked here so a posting needs no
      -- round trip of its own to look its accounts up first.
      v_code[v_leg.posting] := 'LD007'; v_detail[v_leg.posting] := v_nth::text;
      v_message[v_leg.posting] := format('account %s is a %s account; expected %s', v_leg.account_id, v_leg.kind, replace(v_leg.kinds, '|', ' or '));
    ELSIF v_leg.status <> 'active' THEN
      v_code[v_leg.posting] := 'LD004'; v_detail[v_leg.posting] := v_leg.account_id;
      v_message[v_leg.posting] := format('account %s is %s', v_leg.account_id, v_leg.status);
    ELSIF v_refused IS NOT NULL THEN
      v_code[v_leg.posting] := 'LD009'; v_detail[v_leg.posting] := v_leg.account_id;
      v_message[v_leg.posting] := format('account %s: %s', v_leg.account_id, v_refused);
    ELSIF v_leg.amount < 0 AND v_leg.kind <> 'system' THEN
      v_check[v_leg.i] := true;
      IF v_leg.balance_shards > 1 THEN
        v_spread[v_leg.i] := v_leg.balance_shards;
        v_gathers := true;
      END IF;
    ELSE
      v_shards[v_leg.i] := (v_credit % v_leg.balance_shards)::smallint;
    END IF;
  END LOOP;

  FOR j IN 1 .. v_n LOOP
    IF v_count[j] = 0 THEN
      v_code[j] := 'LD002';
      v_message[j] := format('posting %s: a posting needs at least two legs summing to zero', j);
    END IF;
  END LOOP;

  PERFORM 1 FROM account_balances b
    JOIN (SELECT DISTINCT l.account_id, l.shard, l.spread
            FROM unnest(p_leg_postings, p_leg_accounts, v_shards, v_spread) AS l(posting, account_id, shard, spread)
           WHERE v_code[l.posting] IS NULL) k
      ON b.account_id = k.account_id AND b.shard >= k.shard AND b.shard < k.shard + k.spread
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
    IF i > v_first AND (i > v_legs OR p_leg_postings[i] <> p_leg_postings[v_first]) THEN
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
    IF v_gathers THEN
      -- Moving a balance between the account's own rows leaves its total unchanged.
      PERFORM set_config('ledger.balance_writer', 'on', true);
      UPDATE account_balances b SET balance = CASE WHEN b.shard = 0 THEN t.total ELSE 0 END
        FROM (SELECT a.account_id, sum(a.balance) AS total FROM account_balances a
               WHERE a.account_id IN (SELECT l.account_id
                                        FROM unnest(p_leg_postings, p_leg_accounts, v_spread) AS l(posting, account_id, spread)
                                       WHERE l.spread > 1 AND v_code[l.posting] IS NULL)
               GROUP BY a.account_id) t
       WHERE b.account_id = t.account_id AND (b.shard = 0 OR b.balance <> 0);
      PERFORM set_config('ledger.balance_writer', 'off', true);
    END IF;
    INSERT INTO transactions (id, kind, occurred_at, recorded_at, description, reference, category_code,
                              reverses_transaction_id, hold_id, metadata, receipt, posted_by_key_id, posted_by_role)
      SELECT p_ids[j], p_kinds[j], date_trunc('milliseconds', coalesce(p_occurred_at[j], v_recorded)), v_recorded,
             p_descriptions[j], p_references[j], p_categories[j], p_reverses[j], p_hold_ids[j],
             coalesce(p_metadata[j], '{}'::jsonb), p_receipts[j], p_key_ids[j], p_roles[j]
        FROM generate_subscripts(p_ids, 1) AS j
       WHERE v_code[j] IS NULL
       ORDER BY j;
    INSERT INTO entries (transaction_id, account_id, shard, amount, occurred_at)
      SELECT p_ids[l.posting], l.account_id, l.shard, l.amount, date_trunc('milliseconds', coalesce(p_occurred_at[l.posting], v_recorded))
        FROM unnest(p_leg_postings, p_leg_accounts, v_shards, p_leg_amounts) AS l(posting, account_id, shard, amount)
       WHERE v_code[l.posting] IS NULL
       ORDER BY l.posting, l.account_id, l.shard;
  END IF;

  RETURN QUERY
    SELECT j, CASE WHEN v_code[j] IS NULL THEN v_recorded END, v_code[j], v_detail[j], v_message[j]
      FROM generate_subscripts(p_ids, 1) AS j ORDER BY j;
END
$$;
