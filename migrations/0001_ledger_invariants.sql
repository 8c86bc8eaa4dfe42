-- The ledger's invariants, enforced by PostgreSQL itself so that no code path, bug or
-- hand-typed SQL can break them. Custom SQLSTATEs (class LD) let the service map a refusal
-- to its stable API error code:
--   LD001 journal row changed   LD002 transaction unbalanced   LD003 insufficient funds
--   LD004 account not active    LD005 account not found        LD006 no balance row
-- (A CHECK violation on account_balances_non_negative is the last line of defence for LD003.)

ALTER TABLE accounts ADD CONSTRAINT accounts_code_check CHECK (length(code) BETWEEN 1 AND 64);
--> statement-breakpoint
ALTER TABLE account_balances ADD CONSTRAINT account_balances_shard_check CHECK (shard >= 0 AND shard < 64);
--> statement-breakpoint

-- 1. Journal rows are never updated, deleted or truncated. ENABLE ALWAYS makes the guard fire
--    even for a session with session_replication_role = replica.
CREATE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the journal is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'LD001', HINT = 'correct a mistake with a new, linked reversal or adjustment';
END
$$;
--> statement-breakpoint
CREATE TRIGGER transactions_append_only BEFORE UPDATE OR DELETE ON transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
CREATE TRIGGER transactions_no_truncate BEFORE TRUNCATE ON transactions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
ALTER TABLE transactions ENABLE ALWAYS TRIGGER transactions_append_only;
--> statement-breakpoint
ALTER TABLE transactions ENABLE ALWAYS TRIGGER transactions_no_truncate;
--> statement-breakpoint
ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_append_only;
--> statement-breakpoint
ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_no_truncate;
--> statement-breakpoint

-- 2. Every transaction has at least two entries summing to zero, checked at commit so that
--    the header and its legs can be written in any order within one database transaction.
--    Checked from both sides: a header without legs, and legs added to an existing header.
CREATE FUNCTION ledger_check_balanced(p_transaction_id text) RETURNS void LANGUAGE plpgsql AS $$
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
--> statement-breakpoint
CREATE FUNCTION ledger_transactions_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_check_balanced(NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION ledger_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_check_balanced(NEW.transaction_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER transactions_balanced AFTER INSERT ON transactions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transactions_balanced();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER entries_balanced AFTER INSERT ON entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entries_balanced();
--> statement-breakpoint
ALTER TABLE transactions ENABLE ALWAYS TRIGGER transactions_balanced;
--> statement-breakpoint
ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_balanced;
--> statement-breakpoint

-- 3. Balances follow the journal and nothing else: each entry moves its balance row, and the
--    CHECK on that row refuses a member or merchant balance below zero. The row's
--    accepts_entries flag refuses entries to a frozen or closed account, under the row lock.
CREATE FUNCTION ledger_apply_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_accepts boolean;
BEGIN
  UPDATE account_balances SET balance = balance + NEW.amount
    WHERE account_id = NEW.account_id AND shard = NEW.shard
    RETURNING accepts_entries INTO v_accepts;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'account % has no balance row %', NEW.account_id, NEW.shard USING ERRCODE = 'LD006';
  END IF;
  IF NOT v_accepts THEN
    RAISE EXCEPTION 'account % is not active', NEW.account_id
      USING ERRCODE = 'LD004', DETAIL = NEW.account_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER entries_apply AFTER INSERT ON entries FOR EACH ROW EXECUTE FUNCTION ledger_apply_entry();
--> statement-breakpoint
ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_apply;
--> statement-breakpoint

-- 4. An account's identity and kind never change: its balance rows copied the kind.
CREATE FUNCTION ledger_account_identity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.kind IS DISTINCT FROM OLD.kind
     OR NEW.balance_shards IS DISTINCT FROM OLD.balance_shards THEN
    RAISE EXCEPTION 'an account''s id, kind and balance shards never change' USING ERRCODE = 'LD001';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER accounts_identity BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION ledger_account_identity();
--> statement-breakpoint
ALTER TABLE accounts ENABLE ALWAYS TRIGGER accounts_identity;
--> statement-breakpoint
CREATE TRIGGER accounts_no_delete BEFORE DELETE OR TRUNCATE ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
ALTER TABLE accounts ENABLE ALWAYS TRIGGER accounts_no_delete;
--> statement-breakpoint

-- 5. Opening an account creates its balance rows with it.
CREATE FUNCTION ledger_open_account(
  p_id text, p_code text, p_name text, p_kind text, p_metadata jsonb, p_shards smallint
) RETURNS timestamptz LANGUAGE plpgsql AS $$
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
--> statement-breakpoint

-- 6. Posting: one round trip that locks every balance row it will touch in one global order
--    (account id, shard) so two postings never deadlock, checks what each debited member or
--    merchant has available (balance less pending, unexpired holds) under that lock, and
--    writes the header and its legs. Credits to a multi-row account land on a random row, so
--    a busy supermarket or issuance account is not one hot row. A debit from a multi-row
--    member or merchant first gathers its rows into row 0 (the total is unchanged).
CREATE FUNCTION ledger_post(
  p_id text, p_kind text, p_occurred_at timestamptz, p_description text, p_reference text,
  p_category text, p_reverses text, p_hold_id text, p_metadata jsonb, p_receipt jsonb,
  p_key_id text, p_role text, p_accounts text[], p_amounts bigint[]
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
      v_shards := v_shards || floor(random() * v_acc.balance_shards)::smallint;
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
        UPDATE account_balances SET balance = CASE WHEN shard = 0 THEN v_total ELSE 0 END
          WHERE account_id = p_accounts[i] AND (shard = 0 OR balance <> 0);
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

-- 7. The seeded earning categories, each with its own issuance account, and the pools.
SELECT ledger_open_account('acct_0000000000000000000000000P', 'SYS-ISSUE-PUBLIC-LABOUR', '公益劳动 issuance', 'system', '{}'::jsonb, 16::smallint);
--> statement-breakpoint
SELECT ledger_open_account('acct_0000000000000000000000000D', 'SYS-ISSUE-DUTY-SHIFT', '管理责任 issuance', 'system', '{}'::jsonb, 16::smallint);
--> statement-breakpoint
SELECT ledger_open_account('acct_0000000000000000000000000G', 'SYS-ISSUE-DONATION', '公益捐赠 issuance', 'system', '{}'::jsonb, 16::smallint);
--> statement-breakpoint
SELECT ledger_open_account('acct_0000000000000000000000000B', 'SYS-DONATION-POOL', '公益捐赠池 donation pool', 'system', '{}'::jsonb, 16::smallint);
--> statement-breakpoint
SELECT ledger_open_account('acct_0000000000000000000000000A', 'SYS-ADJUSTMENTS', '调整 corrections and opening balances', 'system', '{}'::jsonb, 16::smallint);
--> statement-breakpoint
INSERT INTO categories (code, name, issuance_account_id) VALUES
  ('public_labour', '公益劳动', 'acct_0000000000000000000000000P'),
  ('duty_shift', '管理责任', 'acct_0000000000000000000000000D'),
  ('donation', '公益捐赠', 'acct_0000000000000000000000000G');
