-- When a leg may take effect. The invariant: no member's or merchant's balance is below zero
-- at any effective time. A balance as of a moment sums what occurred up to it, so a debit
-- dated back would lower balances that were never checked.
CREATE OR REPLACE FUNCTION ledger_effective_time_refused(p_occurred_at timestamp with time zone, p_now timestamp with time zone, p_amount bigint, p_kind text, p_opened timestamp with time zone)
 RETURNS text
 LANGUAGE sql
 STABLE
AS $$
  SELECT CASE
    WHEN p_occurred_at IS NULL OR date_trunc('milliseconds', p_occurred_at) >= p_now THEN NULL
    WHEN p_amount < 0 AND p_kind <> 'system' THEN 'a debit from a member or a merchant takes effect when it is recorded, never earlier'
    WHEN p_amount > 0 AND date_trunc('milliseconds', p_occurred_at) < date_trunc('milliseconds', p_opened)
      THEN 'a credit cannot take effect before the account was opened'
  END
$$;
