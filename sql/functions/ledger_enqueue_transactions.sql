-- Every transaction queues itself for sequencing into the hash-chained journal in the same
-- database transaction that writes it, so none is ever left out of the chain.
CREATE OR REPLACE FUNCTION ledger_enqueue_transactions()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO journal_queue (transaction_id) SELECT n.id FROM new_transactions n;
  RETURN NULL;
END
$$;
