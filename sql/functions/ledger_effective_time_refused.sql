-- When a leg may take effect (LD009 when it may not). The invariant: no member's or
-- merchant's balance is below zero at any effective time. A balance as of a moment sums what
-- occurred up to it, so a debit dated back would lower balances that were never checked:
-- - a debit from a member or a merchant takes effect when it is recorded, never earlier;
-- - a credit may be dated back (it only raises past balances), never before the credited
--   account was opened; how far back at most is the service's policy (BACKDATE_WINDOW_DAYS).
-- Why a leg may not take effect at p_occurred_at, or NULL when it may. Judged against the
-- recording time, the database's clock (see ledger_post_batch): the rule guards recorded
-- history, which a caller's clock does not move.
CREATE OR REPLACE FUNCTION ledger_effective_time_refused(
  p_occurred_at timestamptz, p_recorded_at timestamptz, p_amount bigint, p_kind text, p_opened timestamptz
) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN p_occurred_at IS NULL OR date_trunc('milliseconds', p_occurred_at) >= p_recorded_at THEN NULL
    WHEN p_amount < 0 AND p_kind <> 'system' THEN 'a debit from a member or a merchant takes effect when it is recorded, never earlier'
    WHEN p_amount > 0 AND date_trunc('milliseconds', p_occurred_at) < date_trunc('milliseconds', p_opened)
      THEN 'a credit cannot take effect before the account was opened'
  END
$$;
