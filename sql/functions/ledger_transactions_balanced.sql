-- Trigger side of ledger_check_balanced for a transaction header (deferred: checked at commit,
-- so the header and its legs may be written in any order).
CREATE OR REPLACE FUNCTION ledger_transactions_balanced()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM ledger_check_balanced(NEW.id);
  RETURN NULL;
END
$$;
