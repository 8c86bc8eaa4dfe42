-- An account's id, kind and number of balance rows never change (LD001): its balance rows
-- copied the kind (allow_negative), and its entries name its rows.
CREATE OR REPLACE FUNCTION ledger_account_identity()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.kind IS DISTINCT FROM OLD.kind
     OR NEW.balance_shards IS DISTINCT FROM OLD.balance_shards THEN
    RAISE EXCEPTION 'an account''s id, kind and balance shards never change' USING ERRCODE = 'LD001';
  END IF;
  RETURN NEW;
END
$$;
