-- Trigger side of ledger_check_balanced for an entry: legs added to a header are checked too,
-- even when the header's own check was made to run early (SET CONSTRAINTS ... IMMEDIATE).
CREATE OR REPLACE FUNCTION ledger_entries_balanced()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM ledger_check_balanced(NEW.transaction_id);
  RETURN NULL;
END
$$;
