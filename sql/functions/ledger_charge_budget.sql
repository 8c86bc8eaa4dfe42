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
