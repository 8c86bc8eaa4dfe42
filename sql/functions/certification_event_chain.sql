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
