-- The sequenced journal is as append-only as the rows it orders, and every transaction
-- queues itself for sequencing in the same database transaction that writes it.
CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
ALTER TABLE journal ENABLE ALWAYS TRIGGER journal_append_only;
--> statement-breakpoint
ALTER TABLE journal ENABLE ALWAYS TRIGGER journal_no_truncate;
--> statement-breakpoint
ALTER TABLE journal ADD CONSTRAINT journal_seq_positive CHECK (seq > 0);
--> statement-breakpoint
CREATE FUNCTION ledger_enqueue_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO journal_queue (transaction_id) VALUES (NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER transactions_enqueue AFTER INSERT ON transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_enqueue_transaction();
--> statement-breakpoint
ALTER TABLE transactions ENABLE ALWAYS TRIGGER transactions_enqueue;
--> statement-breakpoint
INSERT INTO journal_queue (transaction_id) SELECT id FROM transactions;
