-- Append-only (LD001): refuses every UPDATE, DELETE and TRUNCATE of the journal (transactions,
-- entries, journal) and every DELETE or TRUNCATE of accounts. A mistake is corrected by a new,
-- linked reversal or adjustment, never by changing what was recorded.
CREATE OR REPLACE FUNCTION ledger_forbid_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'the journal is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'LD001', HINT = 'correct a mistake with a new, linked reversal or adjustment';
END
$$;
