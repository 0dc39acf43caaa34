-- A cancelled payment claim no longer stands in the way: the same payment may be claimed again after a cancel.
drop index payment_claims_unique;
create unique index payment_claims_unique on payment_claims (inn, number_key, paid_on, amount) where cancelled_at is null;
