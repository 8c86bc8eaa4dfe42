-- Written by `npm run db:sql` from sql/ (the live definitions): edit those files, never this one.
-- sql/functions/certification_event_chain.sql
-- Numbers each new certification event and chains it to the one before: hash =
-- sha256(prev_hash || LF || seq US activity_id US claim_id US state US actor_key_id US
-- actor_account_id US reason US at-in-epoch-milliseconds), US being U+001F and a NULL an empty
-- field. src/ledger/certification-chain.ts recomputes the same text, so an auditor checks the
-- chain without trusting this function. A transaction-scoped advisory lock makes the writers
-- take turns, so the chain has no fork: the next writer waits for this one's commit.
CREATE OR REPLACE FUNCTION certification_event_chain()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  v_last record;
BEGIN
  PERFORM pg_advisory_xact_lock(7355608, 15);
  SELECT seq, hash INTO v_last FROM certification_events ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(v_last.seq, 0) + 1;
  NEW.prev_hash := coalesce(v_last.hash, repeat('0', 64));
  NEW.hash := encode(sha256(convert_to(NEW.prev_hash || E'\n' || concat_ws(E'\x1f',
    NEW.seq::text, NEW.activity_id, coalesce(NEW.claim_id, ''), NEW.state, coalesce(NEW.actor_key_id, ''),
    coalesce(NEW.actor_account_id, ''), coalesce(NEW.reason, ''),
    floor(extract(epoch FROM NEW.at) * 1000)::bigint::text), 'UTF8')), 'hex');
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- sql/functions/ledger_charge_budget.sql
-- Charges a batch of certified earnings to every issuance budget it falls under (its category
-- or '*', its estate or '*', its month), or refuses the whole batch (LD013, DETAIL: the first
-- budget it would exceed) and charges nothing. The budget rows are locked in key order, in the
-- transaction that posts the batch: two batches charging one budget at once take turns, and
-- the second sees what the first issued.
CREATE OR REPLACE FUNCTION ledger_charge_budget(p_category text, p_estate text, p_month text, p_amount bigint)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  v_budget record;
BEGIN
  FOR v_budget IN
    SELECT category_code, estate, month, limit_minor, issued_minor FROM issuance_budgets
     WHERE category_code IN (p_category, '*') AND estate IN (p_estate, '*') AND month = p_month
     ORDER BY category_code, estate, month FOR UPDATE
  LOOP
    IF v_budget.issued_minor + p_amount > v_budget.limit_minor THEN
      RAISE EXCEPTION 'the batch would exceed the issuance budget of category %, estate % in %', v_budget.category_code, v_budget.estate, p_month
        USING ERRCODE = 'LD013',
              DETAIL = format('%s/%s/%s: limit %s, issued %s, batch %s', v_budget.category_code, v_budget.estate, p_month,
                              v_budget.limit_minor, v_budget.issued_minor, p_amount);
    END IF;
  END LOOP;
  UPDATE issuance_budgets SET issued_minor = issued_minor + p_amount
   WHERE category_code IN (p_category, '*') AND estate IN (p_estate, '*') AND month = p_month;
END
$$;
--> statement-breakpoint
-- sql/triggers/certification_events_append_only.sql
-- The certification history is append-only, like the journal: a state change is a new row.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER certification_events_append_only BEFORE DELETE OR UPDATE ON certification_events FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE certification_events ENABLE ALWAYS TRIGGER certification_events_append_only;
--> statement-breakpoint
-- sql/triggers/certification_events_chain.sql
-- Every certification event is numbered and hash-chained as it is written.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER certification_events_chain BEFORE INSERT ON certification_events FOR EACH ROW EXECUTE FUNCTION certification_event_chain();
ALTER TABLE certification_events ENABLE ALWAYS TRIGGER certification_events_chain;
--> statement-breakpoint
-- sql/triggers/certification_events_no_truncate.sql
-- The certification history is never truncated.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER certification_events_no_truncate BEFORE TRUNCATE ON certification_events FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE certification_events ENABLE ALWAYS TRIGGER certification_events_no_truncate;
--> statement-breakpoint
-- sql/triggers/claim_postings_append_only.sql
-- A claim's posting is forever: removing the row would let the claim post a second time.
-- ENABLE ALWAYS: it fires even in a session with session_replication_role = replica.
CREATE OR REPLACE TRIGGER claim_postings_append_only BEFORE DELETE OR UPDATE ON claim_postings FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
ALTER TABLE claim_postings ENABLE ALWAYS TRIGGER claim_postings_append_only;
