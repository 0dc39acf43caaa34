-- Issue 8: the same claim twice (payer ИНН, payment order number, date, amount) is one claim; the second is refused.
create unique index payment_claims_unique on payment_claims (inn, number_key, paid_on, amount);
