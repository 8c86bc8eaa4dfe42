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
